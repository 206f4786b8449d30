# Typed columns: qorm_generate_columns(). Included by QormConfig.cmake and by Qorm's own build.
#
#   qorm_generate_columns(<target> [PUBLIC|PRIVATE] HEADERS <model headers>...)
#
# For each model header <name>.h, writes <name>_columns.h into
# ${CMAKE_CURRENT_BINARY_DIR}/qorm_columns/<target>/ and adds that directory to the target's
# include path (PRIVATE by default; PUBLIC for a model library whose users write queries).
# The generated header includes the model header and declares, for every QObject class there,
# a struct <Class>Columns with one Qorm::TypedAttribute per mapped column, and the
# specialisation Qorm::Columns<Class> that Qorm::columns<Class> reads.
#
# It runs moc once more on each header (moc --output-json, beside AUTOMOC's own run) with the
# target's include directories, definitions and the compiler's predefined macros, then turns
# the JSON into the header with qorm_columns_gen.cmake. moc's dep file makes the header depend
# on every file moc read. Include the generated header where queries are written, not from a
# header that moc reads.
set(_QORM_COLUMNS_GEN "${CMAKE_CURRENT_LIST_DIR}/qorm_columns_gen.cmake")

function(qorm_generate_columns target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "PUBLIC;PRIVATE" "" "HEADERS")
    if(NOT TARGET ${target})
        message(FATAL_ERROR "qorm_generate_columns: ${target} is not a target")
    endif()
    if(NOT arg_HEADERS)
        message(FATAL_ERROR "qorm_generate_columns(${target}): HEADERS is required")
    endif()
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "qorm_generate_columns(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(arg_PUBLIC AND arg_PRIVATE)
        message(FATAL_ERROR "qorm_generate_columns(${target}): PUBLIC or PRIVATE, not both")
    endif()
    if(NOT TARGET Qt6::moc)
        message(FATAL_ERROR "qorm_generate_columns: Qt6::moc not found (find_package(Qt6 COMPONENTS Core))")
    endif()
    set(scope PRIVATE)
    if(arg_PUBLIC)
        set(scope PUBLIC)
    endif()

    set(dir "${CMAKE_CURRENT_BINARY_DIR}/qorm_columns/${target}")
    file(MAKE_DIRECTORY "${dir}")

    # The compiler's predefined macros (__linux__, __GNUC__...), as AUTOMOC gives them to moc:
    # without them moc takes no #if defined(Q_OS_LINUX) branch. Written at configure time, so
    # that it exists whatever the build order.
    set(predefs "${CMAKE_BINARY_DIR}/qorm_columns/moc_predefs.h")
    if(NOT EXISTS "${predefs}" AND CMAKE_CXX_COMPILER_PREDEFINES_COMMAND)
        file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/qorm_columns")
        execute_process(COMMAND ${CMAKE_CXX_COMPILER_PREDEFINES_COMMAND}
                        OUTPUT_FILE "${predefs}" ERROR_QUIET)
    endif()
    set(predefs_arg)
    if(EXISTS "${predefs}")
        set(predefs_arg --include "${predefs}")
    endif()

    # Quoted COMMAND arguments with COMMAND_EXPAND_LISTS: through a list variable the
    # $<JOIN:...> would break at its ';'.
    set(incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
    set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
    set(generated)
    foreach(header IN LISTS arg_HEADERS)
        get_filename_component(abs "${header}" ABSOLUTE)
        get_filename_component(name "${header}" NAME_WE)
        set(out "${dir}/${name}_columns.h")
        set(moc_out "${dir}/${name}.moc.cpp")
        add_custom_command(OUTPUT "${out}"
            BYPRODUCTS "${moc_out}" "${moc_out}.json"
            COMMAND Qt6::moc "$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>"
                    "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>"
                    ${predefs_arg} --output-json
                    --output-dep-file --dep-file-path "${dir}/${name}.d"
                    --dep-file-rule-name "${out}"
                    -o "${moc_out}" "${abs}"
            COMMAND ${CMAKE_COMMAND} "-DINPUT=${moc_out}.json" "-DOUTPUT=${out}"
                    "-DHEADER=${abs}" "-DDEPFILE=${dir}/${name}.d"
                    -P "${_QORM_COLUMNS_GEN}"
            DEPENDS "${abs}" "${_QORM_COLUMNS_GEN}" Qt6::moc
            DEPFILE "${dir}/${name}.d"
            COMMENT "Generating typed columns ${name}_columns.h"
            COMMAND_EXPAND_LISTS
            VERBATIM)
        list(APPEND generated "${out}")
    endforeach()
    # SKIP_AUTOGEN: AUTOMOC must not list the generated headers as its inputs (it runs first).
    set_source_files_properties(${generated} PROPERTIES GENERATED TRUE SKIP_AUTOGEN ON)
    target_sources(${target} PRIVATE ${generated})
    target_include_directories(${target} ${scope} "$<BUILD_INTERFACE:${dir}>")
endfunction()
