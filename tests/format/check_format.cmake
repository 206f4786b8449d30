# Fails when a C++ file of the tree is not formatted with the repository's .clang-format.
# Usage: cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P check_format.cmake
file(GLOB_RECURSE files
    ${SOURCE_DIR}/include/*.h ${SOURCE_DIR}/src/*.cpp ${SOURCE_DIR}/src/*.h
    ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h
    ${SOURCE_DIR}/examples/*.cpp ${SOURCE_DIR}/examples/*.h
    ${SOURCE_DIR}/qml/*.cpp ${SOURCE_DIR}/qml/*.h
    ${SOURCE_DIR}/bench/*.cpp ${SOURCE_DIR}/bench/*.h)
list(FILTER files EXCLUDE REGEX "/tests/auto/layering/fixture/")
set(unformatted "")
foreach(file IN LISTS files)
    execute_process(COMMAND ${CLANG_FORMAT} --dry-run -Werror ${file}
        RESULT_VARIABLE result OUTPUT_QUIET ERROR_QUIET)
    if(NOT result EQUAL 0)
        file(RELATIVE_PATH relative ${SOURCE_DIR} ${file})
        string(APPEND unformatted "  ${relative}\n")
    endif()
endforeach()
list(LENGTH files count)
if(unformatted)
    message(FATAL_ERROR "Not clang-formatted (run clang-format -i on them):\n${unformatted}")
endif()
message(STATUS "${count} files are clang-formatted")
