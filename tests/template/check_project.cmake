# One combination of the Qorm Application wizard: expanded as Qt Creator's Finish would,
# configured, built and run (the application offscreen with --quit, then the project's own
# ctest) against an installed Qorm only.
#
# cmake -DWIZARDTOOL=... -DWIZARD_DIR=... -DWORK_DIR=... -DPREFIX=<installed Qorm>
#       -DFRONT_END=widgets|qml -DDATABASE=sqlite|postgresql -DGENERATOR=... -DCXX_COMPILER=...
#       -DSANITIZE=ON|OFF -DQML_MODULE=0|1 -P check_project.cmake
#
# PostgreSQL: needs QORM_TEST_POSTGRESQL (tests/shared/databases.h) and psql; without the
# variable the test prints SKIPPED (ctest reports it as skipped, never as passed).
cmake_minimum_required(VERSION 3.21)

function(run what)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed (${result}):\n${output}")
    endif()
    set(run_output "${output}" PARENT_SCOPE)
endfunction()

if(FRONT_END STREQUAL "qml" AND NOT QML_MODULE)
    message("SKIPPED: this Qorm build has no QML module (QORM_BUILD_QML)")
    return()
endif()
if(DATABASE STREQUAL "postgresql" AND NOT DEFINED ENV{QORM_TEST_POSTGRESQL})
    message("SKIPPED: QORM_TEST_POSTGRESQL is not set (scripts/dbs.sh starts a server for it)")
    return()
endif()
if(NOT EXISTS ${PREFIX}/include/Qorm/Core)
    message(FATAL_ERROR "no installed Qorm in ${PREFIX} (the \"install\" test makes it)")
endif()

# Names that exercise the wizard's options: the project name becomes the target (lower
# case), the QML module URI and the environment variables (upper case, '-' becomes '_').
# "Test" is a target name CMake reserves once testing is enabled: the wizard names that
# target test_app.
if(FRONT_END STREQUAL "qml")
    set(project_name Shelf-Qml-${DATABASE})
elseif(DATABASE STREQUAL "sqlite")
    set(project_name Test)
else()
    set(project_name ShelfWidgets${DATABASE})
endif()
string(TOLOWER "${project_name}" target)
if(target STREQUAL "test")
    set(target test_app)
endif()
string(TOUPPER "${project_name}" env_prefix)
string(REPLACE "-" "_" env_prefix "${env_prefix}")
set(source ${WORK_DIR}/${project_name})
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# The widgets projects name the prefix in the wizard (QormPrefix, into CMakeLists.txt); the
# QML ones leave it empty and get CMAKE_PREFIX_PATH, as from a Qt Creator kit.
set(fields FrontEnd=${FRONT_END} Database=${DATABASE} WithTests=true)
set(prefix_args)
if(FRONT_END STREQUAL "widgets")
    list(APPEND fields QormPrefix=${PREFIX})
else()
    set(prefix_args -DCMAKE_PREFIX_PATH=${PREFIX})
endif()
run("expanding the wizard" ${WIZARDTOOL} expand ${WIZARD_DIR} ${WORK_DIR} ${project_name}
    ${fields})
message(STATUS "${run_output}")

set(expected CMakeLists.txt models.h library.h library.cpp main.cpp README.md .gitignore
    tst_${target}.cpp)
if(FRONT_END STREQUAL "qml")
    list(APPEND expected Main.qml)
endif()
file(GLOB_RECURSE generated LIST_DIRECTORIES false RELATIVE ${source} ${source}/* ${source}/.*)
list(SORT generated)
list(SORT expected)
if(NOT generated STREQUAL expected)
    message(FATAL_ERROR "generated files: ${generated}\nexpected: ${expected}")
endif()
file(READ ${source}/CMakeLists.txt cmakelists)
if(FRONT_END STREQUAL "widgets" AND NOT cmakelists MATCHES "list\\(APPEND CMAKE_PREFIX_PATH \"${PREFIX}\"\\)")
    message(FATAL_ERROR "CMakeLists.txt does not name the wizard's Qorm prefix:\n${cmakelists}")
endif()
if(FRONT_END STREQUAL "qml" AND cmakelists MATCHES "CMAKE_PREFIX_PATH")
    message(FATAL_ERROR "CMakeLists.txt names a prefix although the field was empty")
endif()

# PostgreSQL: a database of this test's own on the server.
if(DATABASE STREQUAL "postgresql")
    find_program(PSQL psql)
    if(NOT PSQL)
        message(FATAL_ERROR "QORM_TEST_POSTGRESQL is set but psql is not installed")
    endif()
    set(settings "$ENV{QORM_TEST_POSTGRESQL}")
    set(host 127.0.0.1)
    set(port 5432)
    set(user postgres)
    set(password "")
    set(admin postgres)
    # key=value;key=value is a CMake list already.
    foreach(item IN LISTS settings)
        if(item MATCHES "^ *([a-z]+) *= *(.*)$")
            set(key ${CMAKE_MATCH_1})
            set(value "${CMAKE_MATCH_2}")
            if(key STREQUAL "database")
                set(admin "${value}")
            elseif(key MATCHES "^(host|port|user|password)$")
                set(${key} "${value}")
            endif()
        endif()
    endforeach()
    set(database qorm_template_${FRONT_END})
    set(ENV{PGPASSWORD} "${password}")
    run("creating the database ${database}" ${PSQL} -v ON_ERROR_STOP=1 -X -q
        "host=${host} port=${port} user=${user} dbname=${admin}"
        -c "DROP DATABASE IF EXISTS ${database}" -c "CREATE DATABASE ${database}")
    # Set here, inherited by the programs below (a ';' cannot pass through cmake -E env).
    set(connection "host=${host};port=${port};user=${user};password=${password};database=${database}")
    set(ENV{${env_prefix}_DATABASE} "${connection}")
    set(ENV{${env_prefix}_TEST_DATABASE} "${connection}")
else()
    set(ENV{${env_prefix}_DATABASE} "database=${WORK_DIR}/app.sqlite")
endif()
set(ENV{QT_QPA_PLATFORM} offscreen)

set(configure_args -S ${source} -B ${build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Debug
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    ${prefix_args}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror")
if(SANITIZE)
    list(POP_BACK configure_args)
    list(APPEND configure_args
        "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror -fsanitize=address,undefined -fno-omit-frame-pointer"
        "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()
run("configuring the generated project" ${CMAKE_COMMAND} ${configure_args})
file(STRINGS ${build}/CMakeCache.txt qorm_dir REGEX "^Qorm_DIR:")
string(REGEX REPLACE "^Qorm_DIR:[A-Z]+=" "" qorm_dir "${qorm_dir}")
string(FIND "${qorm_dir}" "${PREFIX}/" at)
if(NOT at EQUAL 0)
    message(FATAL_ERROR "the generated project found Qorm in '${qorm_dir}', not in ${PREFIX}")
endif()
run("building the generated project" ${CMAKE_COMMAND} --build ${build})

# The application: the sample rows on first run, shown by the views, no QML warning.
set(app ${build}/${target})
run("ldd" ldd ${app})
if(NOT run_output MATCHES "libQorm\\.so[^\n]*=> ${PREFIX}/")
    message(FATAL_ERROR "${target} does not load libQorm from ${PREFIX}:\n${run_output}")
endif()
# As in the install test, the applications are not run in a sanitizer build (their Qt GUI
# and QML stacks are not instrumented); the Qt Test below is.
set(rounds first second)
if(SANITIZE)
    set(rounds)
    message(STATUS "sanitizer build: ${target} is built but not run")
endif()
foreach(round IN LISTS rounds)
    run("running ${target} --quit (${round} run)" ${app} --quit)
    message(STATUS "${target} --quit, ${round} run:\n${run_output}")
    foreach(line "authors: 3\n" "first author: Octavia E. Butler, 2 books\n")
        string(FIND "${run_output}" "${line}" at)
        if(at LESS 0)
            message(FATAL_ERROR "${target} did not print '${line}'")
        endif()
    endforeach()
    if(run_output MATCHES "(qml|QML|[Ww]arning|[Ee]rror)[^\n]*")
        message(FATAL_ERROR "${target} printed '${CMAKE_MATCH_0}'")
    endif()
endforeach()

# The project's own test, through its ctest.
run("ctest of the generated project" ${CMAKE_CTEST_COMMAND} --test-dir ${build}
    --output-on-failure -V)
if(NOT run_output MATCHES "Totals: 5 passed, 0 failed, 0 skipped"
        OR NOT run_output MATCHES "100% tests passed, 0 tests failed out of 1")
    message(FATAL_ERROR "tst_${target} did not pass all its functions:\n${run_output}")
endif()
message(STATUS "tst_${target}:\n${run_output}")
message(STATUS "template project ${FRONT_END}/${DATABASE} builds, runs and passes its test")
