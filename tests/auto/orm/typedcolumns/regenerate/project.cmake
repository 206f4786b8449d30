# The project typedcolumns_regenerate builds (copied as CMakeLists.txt into a scratch folder by
# check_regenerate.cmake): one object library whose source includes the generated header of
# thing.h. Nothing is linked, so only Qorm's headers are needed.
cmake_minimum_required(VERSION 3.21)
project(TypedColumnsRegenerate LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Sql)
qt_standard_project_setup()
include(${QORM_SOURCE_DIR}/cmake/QormColumns.cmake)

add_library(app OBJECT main.cpp thing.h)
target_include_directories(app PRIVATE ${QORM_SOURCE_DIR}/include ${QORM_BUILD_DIR}/include)
target_link_libraries(app PRIVATE Qt6::Core Qt6::Sql)
qorm_generate_columns(app HEADERS thing.h)
