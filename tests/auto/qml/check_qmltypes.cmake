# Checks that the QML module's type description lists the registered types with their
# properties, as qmllint and Qt Creator read them. Run with -DQMLTYPES=<file>.
cmake_policy(SET CMP0007 NEW)
if(NOT EXISTS "${QMLTYPES}")
    message(FATAL_ERROR "no qmltypes file at ${QMLTYPES}")
endif()
file(READ "${QMLTYPES}" types)

# The C++ class each export comes from, and properties it must list.
set(expected
    "Qorm::QormInfo|Qorm/Qorm 1.0|version,drivers"
    "Qorm::QmlDatabase|Qorm/Database 1.0|driver,databaseName,hostName,port,userName,password,connectOptions,session,isOpen,lastError"
    "Qorm::Session|Qorm/Session 1.0|hasChanges,autoflush,expireOnCommit,lastError"
    "Qorm::EntityListModel|Qorm/EntityListModel 1.0|"
    "Qorm::ObjectListModel|Qorm/ObjectListModel 1.0|count"
    "Qorm::QueryModel|Qorm/QueryModel 1.0|session,entity,filter,orderBy,pageSize,complete,totalCount,asynchronous,loading"
    "Qorm::TableAdapter|Qorm/TableAdapter 1.0|sourceModel,columns,labels,objectRole"
    "Qorm::Error|Qorm/error 1.0|type,text,nativeErrorCode,statement,valid")

set(failures "")
foreach(entry IN LISTS expected)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 class)
    list(GET parts 1 export)
    list(GET parts 2 properties)
    # The component: from its name to the next top-level "    Component {".
    string(FIND "${types}" "name: \"${class}\"" at)
    if(at EQUAL -1)
        string(APPEND failures "\n  no component for ${class}")
        continue()
    endif()
    string(SUBSTRING "${types}" ${at} -1 rest)
    string(FIND "${rest}" "\n    Component {" end)
    if(NOT end EQUAL -1)
        string(SUBSTRING "${rest}" 0 ${end} rest)
    endif()
    string(FIND "${rest}" "\"${export}\"" found)
    if(found EQUAL -1)
        string(APPEND failures "\n  ${class} is not exported as ${export}")
    endif()
    string(REPLACE "," ";" properties "${properties}")
    foreach(property IN LISTS properties)
        string(REGEX MATCH "Property {[^}]*name: \"${property}\"" match "${rest}")
        if(NOT match)
            string(APPEND failures "\n  ${class} lists no property ${property}")
        endif()
    endforeach()
endforeach()

# The relationship model derives from the list model, so QML sees count, get() and the roles.
string(REGEX MATCH "name: \"Qorm::EntityListModel\"[^}]*prototype: \"Qorm::ObjectListModel\""
    derived "${types}")
if(NOT derived)
    string(APPEND failures "\n  Qorm::EntityListModel does not derive from Qorm::ObjectListModel")
endif()
# Sessions and relationship models come from C++ only.
foreach(class Qorm::Session Qorm::EntityListModel)
    string(REGEX MATCH "name: \"${class}\"[^}]*isCreatable: false" uncreatable "${types}")
    if(NOT uncreatable)
        string(APPEND failures "\n  ${class} is creatable from QML")
    endif()
endforeach()

if(failures)
    message(FATAL_ERROR "${QMLTYPES}:${failures}")
endif()
message(STATUS "qmltypes: every type and property is there")
