# Runs check_layering.cmake on fixture/, which holds deliberate violations, and checks that it
# fails and reports exactly those (and nothing that the fixture marks as allowed).
cmake_minimum_required(VERSION 3.21)

execute_process(
    COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_LIST_DIR}/fixture
        "-DLINK_LIBRARIES=Qt6::Core|Qt6::Sql|Qt6::Gui"
        -P ${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message(STATUS "checker output:\n${output}")

if(result EQUAL 0)
    message(FATAL_ERROR "the checker passed a tree with layering violations")
endif()
set(expected
    "include/Qorm/sql/statements.h: layer 'sql' includes 'Qorm/engine/connection.h' of the higher layer 'engine'"
    "src/engine/connection.cpp: layer 'engine' includes 'Qorm/Session' of the higher layer 'orm'"
    "src/sql/compiler.cpp: layer 'sql' includes '../dialects/dialect_p.h' of the higher layer 'dialects'"
    "src/core/logging.cpp: layer 'core' includes 'engine/connection_p.h' of the higher layer 'engine'"
    "the core library links Qt6::Gui")
foreach(line IN LISTS expected)
    string(FIND "${output}" "${line}" at)
    if(at LESS 0)
        message(FATAL_ERROR "the checker did not report: ${line}")
    endif()
endforeach()
list(LENGTH expected count)
if(NOT output MATCHES "${count} layering violation\\(s\\)")
    message(FATAL_ERROR "the checker reported other than the ${count} expected violations")
endif()
message(STATUS "layering self-test passed")
