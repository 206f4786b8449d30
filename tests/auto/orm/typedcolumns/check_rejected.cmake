# ctest "typedcolumns_rejected": builds each object library of a rejected case; passes only
# when every build fails and its output holds the expected message. A target whose expected
# message is "-" is the control: it must compile.
#
# cmake -DBUILD_DIR=... -DTARGETS=<targets> -DEXPECTED=<messages, one per target>
#       -P check_rejected.cmake
cmake_minimum_required(VERSION 3.21)

list(LENGTH TARGETS count)
list(LENGTH EXPECTED expectedCount)
if(count EQUAL 0 OR NOT count EQUAL expectedCount)
    message(FATAL_ERROR "check_rejected.cmake: TARGETS and EXPECTED must have the same length")
endif()
math(EXPR last "${count} - 1")
set(failures)
foreach(i RANGE ${last})
    list(GET TARGETS ${i} target)
    list(GET EXPECTED ${i} expected)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${target}
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(expected STREQUAL "-")
        if(NOT result EQUAL 0)
            list(APPEND failures "${target}: failed to compile, it should:\n${output}")
        else()
            message(STATUS "${target}: compiled")
        endif()
    elseif(result EQUAL 0)
        list(APPEND failures "${target}: compiled, it should not")
    else()
        string(FIND "${output}" "${expected}" at)
        if(at EQUAL -1)
            list(APPEND failures "${target}: failed without \"${expected}\":\n${output}")
        else()
            message(STATUS "${target}: rejected (\"${expected}\")")
        endif()
    endif()
endforeach()
if(failures)
    string(JOIN "\n" text ${failures})
    message(FATAL_ERROR "${text}")
endif()
