# The layering rule of DESIGN.md §2: a layer includes only itself and the layers below it.
#
#   cmake -DROOT=<repository or fixture root> [-DLIBRARY=<path to libQorm.so>]
#         [-DLINK_LIBRARIES="a|b|c"] -P check_layering.cmake
#
# Checks every file in src/<layer>/, include/Qorm/<layer>/ and qml/ (the qml layer). Includes
# are mapped to layers by path:
#   <Qorm/sql/x.h>, "engine/x_p.h", "../core/x_p.h"      the folder names the layer
#   <Qorm/Select>                                        a CamelCase forwarding header takes the
#                                                        highest layer of what it includes
#   <Qorm/qormglobal.h>, <Qorm/qorm_export.h>            core
#   "x_p.h"                                              the including file's folder
# Includes of anything else (Qt, the standard library) are not layered.
# Also fails when the core library links Qt Gui, Widgets, Qml or Quick: by LINK_LIBRARIES (the
# target's link list, '|'-separated) and by the DT_NEEDED entries of LIBRARY.
cmake_minimum_required(VERSION 3.21)

set(layers core sql dialects engine schema orm models qml)

if(NOT ROOT OR NOT IS_DIRECTORY "${ROOT}")
    message(FATAL_ERROR "check_layering.cmake: ROOT is not a directory: '${ROOT}'")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(violations)
set(scanned 0)

function(layer_rank layer out)
    list(FIND layers "${layer}" rank)
    set(${out} ${rank} PARENT_SCOPE)
endfunction()

# The layer of a file inside the tree, or "" for files outside the layered folders.
function(layer_of_path path out)
    file(RELATIVE_PATH relative "${ROOT}" "${path}")
    set(layer "")
    # (One MATCHES per if(): CMake evaluates both sides of an OR and resets CMAKE_MATCH_1.)
    if(relative MATCHES "^src/([^/]+)/")
        set(layer "${CMAKE_MATCH_1}")
    elseif(relative MATCHES "^include/Qorm/([^/]+)/")
        set(layer "${CMAKE_MATCH_1}")
    elseif(relative MATCHES "^qml/")
        set(layer qml)
    elseif(relative MATCHES "^include/Qorm/(qormglobal\\.h|qorm_export\\.h)$")
        set(layer core)
    endif()
    list(FIND layers "${layer}" rank)
    if(rank LESS 0)
        set(layer "")
    endif()
    set(${out} "${layer}" PARENT_SCOPE)
endfunction()

# Forwarding headers: include/Qorm/<CamelCase> without an extension.
file(GLOB forwarding_headers LIST_DIRECTORIES false "${ROOT}/include/Qorm/[A-Z]*")
foreach(header IN LISTS forwarding_headers)
    get_filename_component(name "${header}" NAME)
    if(name MATCHES "\\.")
        continue()
    endif()
    file(STRINGS "${header}" lines REGEX "^[ \t]*#[ \t]*include")
    set(best -1)
    foreach(line IN LISTS lines)
        if(line MATCHES "[<\"]Qorm/([a-z_]+)/")
            layer_rank("${CMAKE_MATCH_1}" rank)
            if(rank GREATER best)
                set(best ${rank})
            endif()
        elseif(line MATCHES "[<\"]Qorm/qorm(global|_export)\\.h")
            if(best LESS 0)
                set(best 0)
            endif()
        endif()
    endforeach()
    if(best GREATER_EQUAL 0)
        list(GET layers ${best} layer)
        set(forwarding_${name} ${layer})
    endif()
endforeach()

# The layer an include refers to, or "" when it is not a Qorm header.
function(layer_of_include file include out)
    set(layer "")
    get_filename_component(dir "${file}" DIRECTORY)
    # ${CMAKE_MATCH_n} is expanded before if() runs, so each match gets its own if().
    set(first_folder "")
    if(include MATCHES "^([a-z_]+)/")
        set(first_folder "${CMAKE_MATCH_1}")
    endif()
    if(include MATCHES "^Qorm/([A-Za-z_]+)$")
        if(DEFINED forwarding_${CMAKE_MATCH_1})
            set(layer "${forwarding_${CMAKE_MATCH_1}}")
        endif()
    elseif(include MATCHES "^Qorm/qorm(global|_export)\\.h$")
        set(layer core)
    elseif(include MATCHES "^Qorm/([a-z_]+)/")
        set(layer "${CMAKE_MATCH_1}")
    elseif(first_folder AND EXISTS "${ROOT}/src/${first_folder}")
        set(layer "${first_folder}")
    elseif(EXISTS "${dir}/${include}")
        get_filename_component(target "${dir}/${include}" ABSOLUTE)
        layer_of_path("${target}" layer)
    endif()
    list(FIND layers "${layer}" rank)
    if(rank LESS 0)
        set(layer "")
    endif()
    set(${out} "${layer}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files LIST_DIRECTORIES false
    "${ROOT}/src/*.h" "${ROOT}/src/*.cpp"
    "${ROOT}/include/Qorm/*.h"
    "${ROOT}/qml/*.h" "${ROOT}/qml/*.cpp")
foreach(file IN LISTS files)
    layer_of_path("${file}" own)
    if(own STREQUAL "")
        continue()
    endif()
    math(EXPR scanned "${scanned} + 1")
    layer_rank(${own} own_rank)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS lines)
        if(NOT line MATCHES "#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
            continue()
        endif()
        set(include "${CMAKE_MATCH_1}")
        layer_of_include("${file}" "${include}" included)
        if(included STREQUAL "")
            continue()
        endif()
        layer_rank(${included} included_rank)
        if(included_rank GREATER own_rank)
            file(RELATIVE_PATH relative "${ROOT}" "${file}")
            list(APPEND violations
                "${relative}: layer '${own}' includes '${include}' of the higher layer '${included}'")
        endif()
    endforeach()
endforeach()

# The core library stays free of GUI and QML modules.
set(forbidden_modules Gui Widgets Qml Quick)
if(DEFINED LINK_LIBRARIES)
    string(REPLACE "|" ";" link_libraries "${LINK_LIBRARIES}")
    foreach(module IN LISTS forbidden_modules)
        foreach(library IN LISTS link_libraries)
            if(library MATCHES "(^|[^A-Za-z])Qt[56]?::${module}([^A-Za-z]|$)")
                list(APPEND violations "the core library links ${library}")
            endif()
        endforeach()
    endforeach()
endif()
if(LIBRARY)
    execute_process(COMMAND readelf -d "${LIBRARY}" RESULT_VARIABLE result
        OUTPUT_VARIABLE dynamic ERROR_VARIABLE dynamic)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "readelf -d ${LIBRARY} failed:\n${dynamic}")
    endif()
    foreach(module IN LISTS forbidden_modules)
        if(dynamic MATCHES "NEEDED[^\n]*\\[(libQt[56]${module}\\.so[^]]*)\\]")
            list(APPEND violations "the core library needs ${CMAKE_MATCH_1}")
        endif()
    endforeach()
endif()

if(scanned EQUAL 0)
    message(FATAL_ERROR "check_layering.cmake: no layered files found under ${ROOT}")
endif()
list(LENGTH violations count)
if(count GREATER 0)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "${count} layering violation(s):\n  ${text}")
endif()
message(STATUS "layering: ${scanned} files checked, no violations")
