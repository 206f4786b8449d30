# ctest "install": installs the build tree into a fresh prefix, then configures, builds and runs
# the consumer project in this folder against that prefix only.
#
# cmake -DQORM_BUILD_DIR=... -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=...
#       -DCXX_COMPILER=... -DSANITIZE=ON|OFF -DQML_MODULE=0|1 [-DEXAMPLE_SOURCE_DIR=...]
#       -P check_install.cmake
#
# EXAMPLE_SOURCE_DIR (examples/musiclibrary): built against the prefix as well, its apps run
# offscreen once with --grab.
cmake_minimum_required(VERSION 3.21)

foreach(var QORM_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER)
    if(NOT ${var})
        message(FATAL_ERROR "check_install.cmake: ${var} is not set")
    endif()
endforeach()

function(run what)
    execute_process(COMMAND ${ARGN}
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed (${result}):\n${output}")
    endif()
    set(run_output "${output}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

run("cmake --install" ${CMAKE_COMMAND} --install ${QORM_BUILD_DIR} --prefix ${prefix})
message(STATUS "installed into ${prefix}")

set(expected include/Qorm/Core include/Qorm/qormglobal.h include/Qorm/qorm_export.h
    include/Qorm/engine/connection.h)
file(GLOB_RECURSE config_files LIST_DIRECTORIES false ${prefix}/*/QormConfig.cmake)
if(NOT config_files)
    message(FATAL_ERROR "no QormConfig.cmake under ${prefix}")
endif()
if(QML_MODULE)
    list(APPEND expected qml/Qorm/qmldir qml/Qorm/QormQml.qmltypes)
    file(GLOB plugin ${prefix}/qml/Qorm/lib*.so)
    if(NOT plugin)
        message(FATAL_ERROR "no QML plugin in ${prefix}/qml/Qorm")
    endif()
endif()
foreach(file IN LISTS expected)
    if(NOT EXISTS ${prefix}/${file})
        message(FATAL_ERROR "${file} was not installed")
    endif()
endforeach()
file(GLOB_RECURSE private_headers ${prefix}/*_p.h)
if(private_headers)
    message(FATAL_ERROR "private headers were installed: ${private_headers}")
endif()

set(configure_args
    -S ${CONSUMER_SOURCE_DIR} -B ${build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Debug
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_PREFIX_PATH=${prefix}
    # Only the prefix: not the build tree through the user package registry.
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(SANITIZE)
    # The installed library is instrumented, so the consumer has to be as well.
    list(APPEND configure_args
        "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer"
        "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()
run("configuring the consumer" ${CMAKE_COMMAND} ${configure_args})

file(STRINGS ${build}/CMakeCache.txt qorm_dir REGEX "^Qorm_DIR:")
string(REGEX REPLACE "^Qorm_DIR:[A-Z]+=" "" qorm_dir "${qorm_dir}")
string(FIND "${qorm_dir}" "${prefix}/" at)
if(NOT at EQUAL 0)
    message(FATAL_ERROR "the consumer found Qorm in '${qorm_dir}', not in ${prefix}")
endif()

run("building the consumer" ${CMAKE_COMMAND} --build ${build})

# The consumer must load the installed library, not the one in the build tree.
run("ldd" ldd ${build}/consumer)
if(NOT run_output MATCHES "libQorm\\.so[^\n]*=> ${prefix}/")
    message(FATAL_ERROR "the consumer does not load libQorm from ${prefix}:\n${run_output}")
endif()

run("running the consumer" ${build}/consumer)
message(STATUS "consumer output:\n${run_output}")
foreach(line "^sql: SELECT .+ FROM .+ WHERE .+ ORDER BY " "\nrows: two,three\n" "\nqorm [0-9]+\\.[0-9]+\\.[0-9]+\n")
    if(NOT run_output MATCHES "${line}")
        message(FATAL_ERROR "the consumer output does not match '${line}'")
    endif()
endforeach()

# pkg-config: the flags of the installed qorm.pc build and link a program without CMake.
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG)
    file(GLOB pc_dirs LIST_DIRECTORIES true ${prefix}/lib*/pkgconfig ${prefix}/lib/*/pkgconfig)
    list(JOIN pc_dirs ":" pc_path)
    set(ENV{PKG_CONFIG_PATH} "${pc_path}")
    run("pkg-config qorm" ${PKG_CONFIG} --cflags --libs qorm)
    string(STRIP "${run_output}" pc_flags)
    separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
    if(NOT pc_flags MATCHES "-I${prefix}/")
        message(FATAL_ERROR "pkg-config's flags do not point into ${prefix}: ${pc_flags}")
    endif()
    set(pc_extra)
    if(SANITIZE)
        set(pc_extra -fsanitize=address,undefined -fno-omit-frame-pointer)
    endif()
    file(GLOB pc_libdirs LIST_DIRECTORIES true ${prefix}/lib ${prefix}/lib64)
    list(GET pc_libdirs 0 pc_libdir)
    run("building with pkg-config's flags" ${CXX_COMPILER} -std=c++20 -fPIC ${pc_extra}
        ${CONSUMER_SOURCE_DIR}/pkgconfig_main.cpp ${pc_flags} -Wl,-rpath,${pc_libdir}
        -o ${WORK_DIR}/pkgconfig_consumer)
    run("running the pkg-config consumer" ${WORK_DIR}/pkgconfig_consumer)
    if(NOT run_output MATCHES "pkg-config consumer: 42")
        message(FATAL_ERROR "the pkg-config consumer printed: ${run_output}")
    endif()
    message(STATUS "pkg-config: qorm.pc builds and links a consumer")
else()
    message(STATUS "pkg-config not found: qorm.pc not checked")
endif()

# A pure QML program loads the installed module from <prefix>/qml (the plugin finds the
# backing library through its RPATH). qmltestrunner is not instrumented: not with sanitizers.
find_program(QMLTESTRUNNER qmltestrunner PATHS /usr/lib/qt6/bin NO_DEFAULT_PATH)
if(QML_MODULE AND NOT SANITIZE AND QMLTESTRUNNER)
    file(WRITE ${WORK_DIR}/qml/tst_installed.qml
        "import QtQuick\nimport QtTest\nimport Qorm\n"
        "TestCase {\n    name: \"InstalledModule\"\n"
        "    function test_version() { verify(/^\\d+\\.\\d+\\.\\d+$/.test(Qorm.version), Qorm.version) }\n}\n")
    run("qmltestrunner with the installed module" ${QMLTESTRUNNER} -platform offscreen
        -import ${prefix}/qml -input ${WORK_DIR}/qml)
    if(NOT run_output MATCHES "PASS   : [^\n]*InstalledModule::test_version\\(\\)"
            OR NOT run_output MATCHES "Totals: [0-9]+ passed, 0 failed")
        message(FATAL_ERROR "the installed QML module did not load:\n${run_output}")
    endif()
    message(STATUS "installed QML module loads")
elseif(QML_MODULE)
    message(STATUS "QML module load check skipped (sanitizer build or no qmltestrunner)")
endif()
# The music library example, a standalone project, against the prefix only.
if(EXAMPLE_SOURCE_DIR)
    set(example_build ${WORK_DIR}/musiclibrary)
    # The consumer's settings, with the example's source and build folders.
    set(example_args ${configure_args})
    list(REMOVE_AT example_args 0 1 2 3)
    run("configuring examples/musiclibrary" ${CMAKE_COMMAND}
        -S ${EXAMPLE_SOURCE_DIR} -B ${example_build} ${example_args})
    file(STRINGS ${example_build}/CMakeCache.txt qorm_dir REGEX "^Qorm_DIR:")
    string(REGEX REPLACE "^Qorm_DIR:[A-Z]+=" "" qorm_dir "${qorm_dir}")
    string(FIND "${qorm_dir}" "${prefix}/" at)
    if(NOT at EQUAL 0)
        message(FATAL_ERROR "examples/musiclibrary found Qorm in '${qorm_dir}', not in ${prefix}")
    endif()
    run("building examples/musiclibrary" ${CMAKE_COMMAND} --build ${example_build})
    set(apps musiclibrary-widgets)
    set(musiclibrary-widgets_file ${example_build}/musiclibrary-widgets)
    if(QML_MODULE)
        list(APPEND apps musiclibrary-quick)
        set(musiclibrary-quick_file ${example_build}/quick/musiclibrary-quick)
        # Its QML is qmllint-clean against the installed module too.
        run("qmllint of musiclibrary-quick" ${CMAKE_COMMAND} --build ${example_build}
            --target musiclibrary-quick_qmllint)
    endif()
    foreach(app IN LISTS apps)
        set(app_file ${${app}_file})
        if(NOT EXISTS ${app_file})
            message(FATAL_ERROR "${app} was not built in ${example_build}")
        endif()
        run("ldd" ldd ${app_file})
        if(NOT run_output MATCHES "libQorm\\.so[^\n]*=> ${prefix}/")
            message(FATAL_ERROR "${app} does not load libQorm from ${prefix}:\n${run_output}")
        endif()
        if(NOT SANITIZE)
            run("running ${app}" ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
                QML_IMPORT_PATH=${prefix}/qml
                ${app_file} --grab ${WORK_DIR}/${app}.png --report ${WORK_DIR}/${app}.json)
            if(NOT EXISTS ${WORK_DIR}/${app}.png OR NOT EXISTS ${WORK_DIR}/${app}.json)
                message(FATAL_ERROR "${app} wrote no screenshot:\n${run_output}")
            endif()
        endif()
    endforeach()
    message(STATUS "examples/musiclibrary builds and runs against the install: ${apps}")
endif()
message(STATUS "install test passed")
