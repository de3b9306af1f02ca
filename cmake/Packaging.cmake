# CPack: a Debian package, wireshark-plugin-portclass, that installs the
# plugin into Wireshark's global plugin folder, the configuration profiles
# PortClass and PortClass-ja (every file of PORTCLASS_PROFILE_FILES: columns,
# colouring rules, filter buttons, I/O graphs, expert severities) into its
# global profiles folder (/usr/share/wireshark/profiles)
# and the documentation with the sample captures into
# /usr/share/doc/wireshark-plugin-portclass/.
#
#   cmake -S . -B build && cmake --build build && (cd build && cpack -G DEB)
#
# Included at the end of the top-level CMakeLists.txt, after every install()
# rule. The package depends on the exact libwireshark runtime package this
# build links against (libwireshark16 for Wireshark 4.0 on Debian 12), within
# the same Wireshark release series, since a plugin only loads into the series
# it was built for. Set CPACK_DEBIAN_PACKAGE_DEPENDS to override. Its
# revision names the release it was built on (see PORTCLASS_DEB_RELEASE):
# wireshark-plugin-portclass_0.1.0-1~deb12_amd64.deb on Debian 12.
#
# The documentation is its own install component, "doc", left out of a plain
# `cmake --install build` (which installs the plugin and the profile);
# `cmake --install build --component doc` installs it by hand. The uninstall
# target removes all three. The package holds every component.

set(PORTCLASS_DEB_NAME wireshark-plugin-portclass)
set(PORTCLASS_DEB_MAINTAINER "portclass maintainers <portclass@example.org>" CACHE STRING
    "Maintainer field of the Debian package")

# --- Documentation, installed by the package --------------------------------
# README.md, docs/ (the Markdown pages and the screenshots the README shows)
# and the sample captures. PORTCLASS_DOC_FILES lists them relative to
# PORTCLASS_DOC_DIR, for the uninstall target.
include(GNUInstallDirs)
set(PORTCLASS_DOC_DIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/${PORTCLASS_DEB_NAME})
file(GLOB PORTCLASS_SAMPLE_CAPTURES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/pcaps/*.pcap)
file(GLOB PORTCLASS_DOC_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
file(GLOB PORTCLASS_DOC_IMAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/images/*.png)
# The Japanese window's screenshots of docs/lesson.ja.md.
file(GLOB PORTCLASS_DOC_IMAGES_JA CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/images/ja/*.png)
set(PORTCLASS_DOC_FILES README.md pcaps/README.md)
set(PORTCLASS_DOC_SUBDIRS pcaps)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${PORTCLASS_DOC_DIR} COMPONENT doc EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/pcaps/README.md ${PORTCLASS_SAMPLE_CAPTURES}
        DESTINATION ${PORTCLASS_DOC_DIR}/pcaps COMPONENT doc EXCLUDE_FROM_ALL)
foreach(_capture IN LISTS PORTCLASS_SAMPLE_CAPTURES)
  get_filename_component(_name "${_capture}" NAME)
  list(APPEND PORTCLASS_DOC_FILES "pcaps/${_name}")
endforeach()
if(PORTCLASS_DOC_PAGES)
  install(FILES ${PORTCLASS_DOC_PAGES}
          DESTINATION ${PORTCLASS_DOC_DIR}/docs COMPONENT doc EXCLUDE_FROM_ALL)
  foreach(_page IN LISTS PORTCLASS_DOC_PAGES)
    get_filename_component(_name "${_page}" NAME)
    list(APPEND PORTCLASS_DOC_FILES "docs/${_name}")
  endforeach()
endif()
if(PORTCLASS_DOC_IMAGES)
  install(FILES ${PORTCLASS_DOC_IMAGES}
          DESTINATION ${PORTCLASS_DOC_DIR}/docs/images COMPONENT doc EXCLUDE_FROM_ALL)
  foreach(_image IN LISTS PORTCLASS_DOC_IMAGES)
    get_filename_component(_name "${_image}" NAME)
    list(APPEND PORTCLASS_DOC_FILES "docs/images/${_name}")
  endforeach()
endif()
if(PORTCLASS_DOC_IMAGES_JA)
  install(FILES ${PORTCLASS_DOC_IMAGES_JA}
          DESTINATION ${PORTCLASS_DOC_DIR}/docs/images/ja COMPONENT doc EXCLUDE_FROM_ALL)
  foreach(_image IN LISTS PORTCLASS_DOC_IMAGES_JA)
    get_filename_component(_name "${_image}" NAME)
    list(APPEND PORTCLASS_DOC_FILES "docs/images/ja/${_name}")
  endforeach()
  list(PREPEND PORTCLASS_DOC_SUBDIRS docs/images/ja)
endif()
if(PORTCLASS_DOC_PAGES OR PORTCLASS_DOC_IMAGES OR PORTCLASS_DOC_IMAGES_JA)
  list(APPEND PORTCLASS_DOC_SUBDIRS docs/images docs)
endif()

# --- Helpers: which Debian package owns a file, and its version -------------
find_program(PORTCLASS_DPKG dpkg)
find_program(PORTCLASS_DPKG_QUERY dpkg-query)

# Sets OUT_PACKAGE to the package that owns FILE (without ":arch"), and
# OUT_VERSION to its upstream version (no epoch, no Debian revision); both
# empty when dpkg does not know the file.
function(portclass_owning_package file out_package out_version)
  set(${out_package} "" PARENT_SCOPE)
  set(${out_version} "" PARENT_SCOPE)
  if(NOT PORTCLASS_DPKG_QUERY OR NOT file)
    return()
  endif()
  # The real file first: a development symlink (libfoo.so, from libfoo-dev)
  # points to the runtime package's libfoo.so.N.M. Then the path as given,
  # in case dpkg knows the file by a path with a symlinked folder in it.
  get_filename_component(_real "${file}" REALPATH)
  foreach(_path IN ITEMS "${_real}" "${file}")
    execute_process(COMMAND ${PORTCLASS_DPKG_QUERY} -S "${_path}"
                    OUTPUT_VARIABLE _owner RESULT_VARIABLE _rc ERROR_QUIET)
    # "libwireshark16:amd64: /usr/lib/x86_64-linux-gnu/libwireshark.so.16.0.17"
    if(_rc EQUAL 0 AND _owner MATCHES "^([^ ,:]+)(:[^ ,:]+)?: ")
      set(_package "${CMAKE_MATCH_1}")
      set(_qualified "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
      break()
    endif()
  endforeach()
  if(NOT _package)
    return()
  endif()
  execute_process(COMMAND ${PORTCLASS_DPKG_QUERY} -W -f=\${Version} "${_qualified}"
                  OUTPUT_VARIABLE _version OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REGEX REPLACE "^[0-9]+:" "" _version "${_version}")  # epoch
  string(REGEX REPLACE "-[^-]*$" "" _version "${_version}")   # Debian revision
  set(${out_package} "${_package}" PARENT_SCOPE)
  set(${out_version} "${_version}" PARENT_SCOPE)
endfunction()

# The file an imported target points to, whichever configuration it has.
function(portclass_imported_location target out_var)
  get_target_property(_location ${target} IMPORTED_LOCATION)
  if(NOT _location)
    get_target_property(_configs ${target} IMPORTED_CONFIGURATIONS)
    foreach(_config IN LISTS _configs)
      get_target_property(_location ${target} IMPORTED_LOCATION_${_config})
      if(_location)
        break()
      endif()
    endforeach()
  endif()
  if(NOT _location)
    set(_location "")
  endif()
  set(${out_var} "${_location}" PARENT_SCOPE)
endfunction()

# --- Dependencies -----------------------------------------------------------
if(NOT DEFINED CPACK_DEBIAN_PACKAGE_DEPENDS)
  # libwireshark: the package of the library the epan target points to.
  portclass_imported_location(epan _epan_library)
  portclass_owning_package("${_epan_library}" _ws_package _ws_version)
  # GLib: the package of the library the plugin links (pkg-config gives the
  # development symlink; its target belongs to the runtime package).
  set(_glib_library "")
  foreach(_lib IN LISTS GLIB_LINK_LIBRARIES)
    if(_lib MATCHES "/libglib-2\\.0\\.so")
      set(_glib_library "${_lib}")
    endif()
  endforeach()
  portclass_owning_package("${_glib_library}" _glib_package _glib_version)

  set(_depends "")
  if(_ws_package)
    if(NOT _ws_version VERSION_EQUAL Wireshark_VERSION)
      message(WARNING "Packaging: ${_ws_package} is ${_ws_version}, but the Wireshark "
                      "headers are ${Wireshark_VERSION}")
    endif()
    # Same release series only: Wireshark loads a plugin only into the X.Y it
    # was built for ("~" keeps the next series' pre-releases out too).
    math(EXPR _next_minor "${Wireshark_MINOR_VERSION} + 1")
    list(APPEND _depends
         "${_ws_package} (>= ${_ws_version})"
         "${_ws_package} (<< ${Wireshark_MAJOR_VERSION}.${_next_minor}~)")
  else()
    message(WARNING "Packaging: no Debian package owns ${_epan_library}; "
                    "the .deb will not depend on libwireshark "
                    "(set CPACK_DEBIAN_PACKAGE_DEPENDS)")
  endif()
  if(_glib_package)
    # GLib adds functions in minor releases: need the minor built against.
    if(_glib_version MATCHES "^([0-9]+\\.[0-9]+)")
      list(APPEND _depends "${_glib_package} (>= ${CMAKE_MATCH_1})")
    else()
      list(APPEND _depends "${_glib_package}")
    endif()
  else()
    list(APPEND _depends "libglib2.0-0")
  endif()
  list(JOIN _depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
endif()

if(NOT DEFINED CPACK_DEBIAN_PACKAGE_ARCHITECTURE AND PORTCLASS_DPKG)
  execute_process(COMMAND ${PORTCLASS_DPKG} --print-architecture
                  OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()

# --- The release the package is built for -----------------------------------
# A package fits only the release whose libwireshark it was built against,
# so its Debian revision names that release, as Debian's own uploads of one
# version to several releases do: 0.1.0-1~deb11, 0.1.0-1~deb12,
# 0.1.0-1~deb13, 0.1.0-1~sid (unstable, and testing, which has no number),
# 0.1.0-1~ubuntu24.04 when built on Ubuntu. "~" sorts before anything, and
# "deb" before "sid": an older release's package sorts below a newer
# release's, so a dist-upgrade with the next release's package upgrades it,
# and all of them sort below a plain 0.1.0-1.
# Read from /etc/os-release of the build system; set PORTCLASS_DEB_RELEASE
# to choose another tag, or to "" for none (0.1.0-1).
function(portclass_release_tag out_var)
  set(_id "")
  set(_version_id "")
  if(EXISTS /etc/os-release)
    file(STRINGS /etc/os-release _lines REGEX "^(ID|VERSION_ID)=")
    foreach(_line IN LISTS _lines)
      if(_line MATCHES "^ID=\"?([^\"]*)\"?$")
        set(_id "${CMAKE_MATCH_1}")
      elseif(_line MATCHES "^VERSION_ID=\"?([^\"]*)\"?$")
        set(_version_id "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
  if(_id STREQUAL "debian")
    if(_version_id)
      set(_tag "deb${_version_id}")
    else()
      set(_tag "sid")  # testing and unstable have no VERSION_ID
    endif()
  else()
    set(_tag "${_id}${_version_id}")
  endif()
  string(REGEX REPLACE "[^A-Za-z0-9.+]" "" _tag "${_tag}")
  set(${out_var} "${_tag}" PARENT_SCOPE)
endfunction()

if(NOT DEFINED PORTCLASS_DEB_RELEASE)
  portclass_release_tag(_release_tag)
  set(PORTCLASS_DEB_RELEASE "${_release_tag}" CACHE STRING
      "Release tag of the Debian package's revision (1~TAG): deb11, deb12, deb13, sid, ...")
endif()
set(PORTCLASS_DEB_REVISION 1)
if(PORTCLASS_DEB_RELEASE)
  string(APPEND PORTCLASS_DEB_REVISION "~${PORTCLASS_DEB_RELEASE}")
endif()

# --- The package ------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PORTCLASS_DEB_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "portclass")
set(CPACK_PACKAGE_CONTACT "${PORTCLASS_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark plugin that classifies TCP and UDP ports")
set(CPACK_PACKAGE_FILE_NAME "${PORTCLASS_DEB_NAME}_${PROJECT_VERSION}-${PORTCLASS_DEB_REVISION}")
string(APPEND CPACK_PACKAGE_FILE_NAME "_${CPACK_DEBIAN_PACKAGE_ARCHITECTURE}")

set(CPACK_DEBIAN_PACKAGE_NAME ${PORTCLASS_DEB_NAME})
# NAME_VERSION-REVISION_ARCH.deb: wireshark-plugin-portclass_0.1.0-1~deb12_amd64.deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${PORTCLASS_DEB_REVISION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PORTCLASS_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
# The synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"portclass is a post-dissector for Wireshark and tshark. For every TCP
and UDP header of a packet (tunnelled ones and those quoted in ICMP
errors included) it adds a Port Classification subtree: the IANA class
of each port (well-known, registered or dynamic) and the service behind
it, with filter fields such as portclass.dst.service.
.
The configuration profile PortClass (wireshark -C PortClass) adds columns,
colouring rules, filter buttons and I/O graphs by port class for teaching
(PortClass-ja: the same in Japanese);
a lesson in English and Japanese, with a hand-out for students, is in
/usr/share/doc/${PORTCLASS_DEB_NAME}/docs.
.
The sample captures and their description are in
/usr/share/doc/${PORTCLASS_DEB_NAME}/pcaps.")

# Everything below the prefix, never an absolute path of the build machine:
# an absolute install destination (PORTCLASS_INSTALL_PERSONAL=ON, or an
# absolute PORTCLASS_PLUGIN_INSTALL_DIR) makes cpack fail instead.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # no debug information in the package
set(CPACK_ERROR_ON_ABSOLUTE_INSTALL_DESTINATION ON)
if(PORTCLASS_INSTALL_PERSONAL OR PORTCLASS_PLUGIN_INSTALL_DIR)
  message(STATUS "Packaging: cpack needs the default install folder "
                 "(PORTCLASS_INSTALL_PERSONAL=OFF, no PORTCLASS_PLUGIN_INSTALL_DIR)")
endif()
if(NOT Wireshark_INSTALL_PREFIX STREQUAL CPACK_PACKAGING_INSTALL_PREFIX)
  message(WARNING "Packaging: Wireshark is installed under ${Wireshark_INSTALL_PREFIX}, "
                  "the package installs under ${CPACK_PACKAGING_INSTALL_PREFIX}")
endif()

# One package with every install component (the plugin and "doc").
get_cmake_property(CPACK_COMPONENTS_ALL COMPONENTS)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

include(CPack)
message(STATUS "Packaging: ${CPACK_DEBIAN_PACKAGE_NAME} "
               "${CPACK_DEBIAN_PACKAGE_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE} "
               "(${CPACK_DEBIAN_PACKAGE_ARCHITECTURE}), Depends: ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
