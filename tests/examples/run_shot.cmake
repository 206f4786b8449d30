# One screenshot test: runs an example app with --grab and --report, then shotcheck on what it
# wrote.
#
# cmake -DAPP=... -DSHOTCHECK=... -DPNG=... -DREPORT=... [-DCHINOOK=ON -DWORK_DIR=...]
#       [-DCHECKS=<shotcheck options, separated by ~>] -P run_shot.cmake
#
# CHINOOK: the app opens a copy of Chinook_Sqlite.sqlite from $QORM_CHINOOK_DIR (else
# /work/shared/data/chinook); without the file the test prints "SKIPPED:" (a ctest skip).
cmake_minimum_required(VERSION 3.21)

foreach(var APP SHOTCHECK PNG REPORT)
    if(NOT ${var})
        message(FATAL_ERROR "run_shot.cmake: ${var} is not set")
    endif()
endforeach()

set(app_args --grab ${PNG} --report ${REPORT})
if(CHINOOK)
    if(DEFINED ENV{QORM_CHINOOK_DIR} AND NOT "$ENV{QORM_CHINOOK_DIR}" STREQUAL "")
        set(chinook_dir "$ENV{QORM_CHINOOK_DIR}")
    else()
        set(chinook_dir /work/shared/data/chinook)
    endif()
    set(chinook ${chinook_dir}/Chinook_Sqlite.sqlite)
    if(NOT EXISTS ${chinook})
        message("SKIPPED: no Chinook SQLite file at ${chinook} (set QORM_CHINOOK_DIR)")
        return()
    endif()
    # A copy: the app may write, the shared file stays as it is.
    file(REMOVE_RECURSE ${WORK_DIR})
    file(MAKE_DIRECTORY ${WORK_DIR})
    file(COPY ${chinook} DESTINATION ${WORK_DIR})
    list(APPEND app_args --database ${WORK_DIR}/Chinook_Sqlite.sqlite)
endif()

get_filename_component(png_dir ${PNG} DIRECTORY)
file(MAKE_DIRECTORY ${png_dir})
file(REMOVE ${PNG} ${REPORT})
execute_process(COMMAND ${APP} ${app_args}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${APP} ${app_args} failed (${result}):\n${output}")
endif()

string(REPLACE "~" ";" checks "${CHECKS}")
execute_process(COMMAND ${SHOTCHECK} ${PNG} ${REPORT} ${checks}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "shotcheck failed (${result})")
endif()
