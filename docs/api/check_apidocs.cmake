# Runs Doxygen and fails when it warned: an undocumented public class, function, enum value
# or parameter name, a broken \ref, an unknown command.
#
#   cmake -DDOXYGEN=... -DDOXYFILE=... -DLOG=<its WARN_LOGFILE> -P check_apidocs.cmake
cmake_minimum_required(VERSION 3.21)
foreach(var DOXYGEN DOXYFILE LOG)
    if(NOT ${var})
        message(FATAL_ERROR "check_apidocs.cmake: ${var} is not set")
    endif()
endforeach()

file(REMOVE ${LOG})
execute_process(COMMAND ${DOXYGEN} ${DOXYFILE}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "doxygen failed (${result}):\n${output}")
endif()
if(NOT EXISTS ${LOG})
    message(FATAL_ERROR "doxygen wrote no warnings log at ${LOG}")
endif()
file(STRINGS ${LOG} warnings)
list(LENGTH warnings count)
if(count GREATER 0)
    list(JOIN warnings "\n" text)
    message(FATAL_ERROR "Doxygen: ${count} warning lines:\n${text}")
endif()
get_filename_component(dir ${DOXYFILE} DIRECTORY)
message(STATUS "API reference without warnings: ${dir}/html/index.html")
