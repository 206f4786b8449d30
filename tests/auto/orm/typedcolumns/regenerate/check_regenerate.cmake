# ctest "typedcolumns_regenerate": qorm_generate_columns() in a small project, built, then
# rebuilt after each edit of its model header. The generated header must follow the header
# (a property's type, a new property) and a build with no change must do nothing.
#
# cmake -DQORM_SOURCE_DIR=... -DQORM_BUILD_DIR=... -DSOURCE_DIR=<this folder>
#       -DWORK_DIR=... -DGENERATOR=... -DCXX_COMPILER=... -P check_regenerate.cmake
cmake_minimum_required(VERSION 3.21)

set(source ${WORK_DIR}/source)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${source})
configure_file(${SOURCE_DIR}/project.cmake ${source}/CMakeLists.txt COPYONLY)
configure_file(${SOURCE_DIR}/thing.h ${source}/thing.h COPYONLY)
configure_file(${SOURCE_DIR}/main.cpp ${source}/main.cpp COPYONLY)

# Runs a command; `expect` is 0 (must succeed) or 1 (must fail). Its output is in run_output.
function(run what expect)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output
                    ERROR_VARIABLE output)
    if(expect EQUAL 0 AND NOT result EQUAL 0)
        message(FATAL_ERROR "${what} failed (${result}):\n${output}")
    elseif(expect EQUAL 1 AND result EQUAL 0)
        message(FATAL_ERROR "${what} succeeded, it should have failed:\n${output}")
    endif()
    message(STATUS "${what}: as expected")
    set(run_output "${output}" PARENT_SCOPE)
endfunction()

# Replaces text in a file of the scratch copy; the text must be there.
function(edit file from to)
    file(READ ${source}/${file} text)
    string(FIND "${text}" "${from}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${file} has no \"${from}\"")
    endif()
    string(REPLACE "${from}" "${to}" text "${text}")
    file(WRITE ${source}/${file} "${text}")
endfunction()

set(build_command ${CMAKE_COMMAND} --build ${build})
run("configure" 0 ${CMAKE_COMMAND} -S ${source} -B ${build} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DQORM_SOURCE_DIR=${QORM_SOURCE_DIR}
    -DQORM_BUILD_DIR=${QORM_BUILD_DIR})
run("first build" 0 ${build_command})

if(GENERATOR STREQUAL "Ninja")
    run("no-op build" 0 ${build_command})
    if(NOT run_output MATCHES "no work to do")
        message(FATAL_ERROR "a build with no change did work:\n${run_output}")
    endif()
endif()

# A property's type changes: the generated header follows, main.cpp's static_assert fails.
edit(thing.h "Q_PROPERTY(int count" "Q_PROPERTY(qint64 count")
edit(thing.h "int m_count" "qint64 m_count")
run("build after int -> qint64" 1 ${build_command})
if(NOT run_output MATCHES "count is int")
    message(FATAL_ERROR "the build failed for another reason:\n${run_output}")
endif()
edit(main.cpp "decltype(ThingColumns::count)>, int>" "decltype(ThingColumns::count)>, qint64>")
run("build with main.cpp updated" 0 ${build_command})

# A new property: a new descriptor.
edit(thing.h "    qint64 m_id = 0;" "    QString m_label;\n    qint64 m_id = 0;")
edit(thing.h "Q_PROPERTY(qint64 id" "Q_PROPERTY(QString label MEMBER m_label NOTIFY changed)\n    Q_PROPERTY(qint64 id")
file(APPEND ${source}/main.cpp
     "static_assert(std::is_same_v<ValueOf<decltype(ThingColumns::label)>, QString>);\n")
run("build with a new property" 0 ${build_command})
