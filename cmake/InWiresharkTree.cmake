# Builds portclass inside a Wireshark source tree, as its custom plugin
# (included by the top-level CMakeLists.txt when it is not the top of the
# build). Wireshark's own plugin helpers (cmake/modules/WiresharkPlugin.cmake
# of its tree) build and install it like the plugins that come with
# Wireshark: the core and the service data (the curated rows and the IANA
# registry of the tree, its top-level "services" file; see
# cmake/ServiceData.cmake) are compiled into the plugin, and the unit and
# integration tests are left to a standalone build.
#
#   cp -r portclass wireshark/plugins/epan/portclass     # or a symbolic link
#   cmake -S wireshark -B build -DCUSTOM_PLUGIN_SRC_DIR=plugins/epan/portclass
#   cmake --build build --target tshark portclass
include(WiresharkPlugin)

set_module_info(portclass ${PROJECT_VERSION_MAJOR} ${PROJECT_VERSION_MINOR}
                ${PROJECT_VERSION_PATCH} 0)
set(PORTCLASS_IN_WIRESHARK_TREE ON)
include(${CMAKE_CURRENT_SOURCE_DIR}/cmake/ServiceData.cmake)
set(PLUGIN_FILES ${PORTCLASS_CORE_SOURCES} ${PORTCLASS_GLUE_SOURCES} ${PORTCLASS_EMBEDDED_C})
add_wireshark_plugin_library(portclass epan)
target_include_directories(portclass PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include
                                             ${CMAKE_CURRENT_SOURCE_DIR}/plugin)
target_compile_definitions(portclass PRIVATE PORTCLASS_VERSION="${PROJECT_VERSION}")
target_link_libraries(portclass epan)
install_plugin(portclass epan)
message(STATUS "portclass ${PROJECT_VERSION}: a custom plugin of this Wireshark tree")
