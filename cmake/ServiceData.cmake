# The service data built into the plugin, as a C file of tables generated
# at build time by cmake/service_data.py (run by Python 3): the curated rows
# of data/services.tsv and the IANA service registry of the Wireshark built
# against, so that the plugin needs no file, no parser and no Wireshark
# function to name a port at run time. A malformed line of either is
# skipped with one warning per file. Sets PORTCLASS_EMBEDDED_C (the C file,
# which defines the tables of plugin/embedded-data.h) and
# PORTCLASS_IANA_SERVICES_FILE (the registry file).
#
# The registry, in order:
#
#  1. -DPORTCLASS_IANA_SERVICES=FILE: a services(5) file or the saved
#     output of "tshark -G services" (either format; see
#     cmake/service_data.py);
#  2. inside a Wireshark source tree (PORTCLASS_IN_WIRESHARK_TREE): the
#     tree's own "services" file, at its top in every version 3.4 to 4.6;
#  3. standalone: Wireshark's "services" data file (3.4 to 4.2:
#     Wireshark_DATA_DIR, else share/wireshark below its prefix);
#  4. standalone: what "tshark -G services" prints, from the registry that
#     4.4 and later compile in instead of that file. It is run at configure
#     time, and again whenever that tshark changes.
#
# None of these: configuring fails and says what to install.
set(PORTCLASS_IANA_SERVICES "" CACHE FILEPATH
    "IANA services file to build in (default: the one of the Wireshark built against)")

# Writes what "tshark -G services" prints to output; fails configuring with
# tshark's own message when it cannot.
function(_portclass_dump_services tshark output)
  execute_process(COMMAND "${tshark}" -G services
                  OUTPUT_FILE "${output}.tmp"
                  ERROR_VARIABLE error
                  RESULT_VARIABLE result)
  file(STRINGS "${output}.tmp" dump_lines LIMIT_COUNT 1 REGEX "^[^\t#]+\t[0-9]+\t")
  if(NOT result EQUAL 0 OR NOT dump_lines)
    file(REMOVE "${output}.tmp")
    string(STRIP "${error}" error)
    message(FATAL_ERROR
      "portclass: \"${tshark} -G services\" printed no IANA service registry "
      "(exit status ${result}: ${error}), and Wireshark ${Wireshark_VERSION} has "
      "no services data file either. Give the tshark of this Wireshark (4.4 "
      "or later) with -DPORTCLASS_TSHARK=PATH, or name a services file with "
      "-DPORTCLASS_IANA_SERVICES=FILE.")
  endif()
  # Only a changed registry touches the file and rebuilds the plugin.
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${output}.tmp" "${output}")
  file(REMOVE "${output}.tmp")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${tshark}")
endfunction()

# Warns when tshark is not of the Wireshark series built against: its
# registry may then differ a little from that Wireshark's.
function(_portclass_check_tshark_version tshark)
  execute_process(COMMAND "${tshark}" --version OUTPUT_VARIABLE version ERROR_QUIET)
  string(REGEX MATCH "^TShark \\(Wireshark\\) ([0-9]+\\.[0-9]+)" _ "${version}")
  set(series "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
  if(NOT CMAKE_MATCH_1 STREQUAL series)
    message(WARNING "portclass: ${tshark} is not of Wireshark ${series} "
                    "('${CMAKE_MATCH_1}'): the IANA names come from its registry")
  endif()
endfunction()

# The standalone build's choice: Wireshark's data file, else tshark's dump.
function(_portclass_standalone_services out_var)
  if(DEFINED Wireshark_DATA_DIR)
    set(data_file "${Wireshark_DATA_DIR}/services")
  else()
    set(data_file "${Wireshark_INSTALL_PREFIX}/share/wireshark/services")
  endif()
  if(EXISTS "${data_file}")
    set(${out_var} "${data_file}" PARENT_SCOPE)
    return()
  endif()
  find_program(PORTCLASS_TSHARK tshark HINTS "${Wireshark_INSTALL_PREFIX}/bin"
               DOC "tshark whose \"-G services\" gives the IANA registry to build in")
  if(NOT PORTCLASS_TSHARK)
    message(FATAL_ERROR
      "portclass: no IANA service registry to build in. Wireshark "
      "${Wireshark_VERSION} has no services data file (${data_file}): from 4.4 on "
      "it is compiled in, and the build reads it with \"tshark -G services\", but "
      "tshark was not found. Install tshark of the same version (Debian/Ubuntu: "
      "apt-get install tshark), or name a services file with "
      "-DPORTCLASS_IANA_SERVICES=FILE.")
  endif()
  _portclass_check_tshark_version("${PORTCLASS_TSHARK}")
  set(dump "${CMAKE_CURRENT_BINARY_DIR}/iana-services.txt")
  _portclass_dump_services("${PORTCLASS_TSHARK}" "${dump}")
  set(${out_var} "${dump}" PARENT_SCOPE)
endfunction()

if(PORTCLASS_IANA_SERVICES)
  set(PORTCLASS_IANA_SERVICES_FILE "${PORTCLASS_IANA_SERVICES}")
elseif(PORTCLASS_IN_WIRESHARK_TREE)
  set(PORTCLASS_IANA_SERVICES_FILE "${CMAKE_SOURCE_DIR}/services")
else()
  _portclass_standalone_services(PORTCLASS_IANA_SERVICES_FILE)
endif()
if(NOT EXISTS "${PORTCLASS_IANA_SERVICES_FILE}"
   OR IS_DIRECTORY "${PORTCLASS_IANA_SERVICES_FILE}")
  message(FATAL_ERROR "portclass: the IANA services file ${PORTCLASS_IANA_SERVICES_FILE} "
                      "does not exist (set -DPORTCLASS_IANA_SERVICES=FILE)")
endif()
message(STATUS "IANA service registry built in from ${PORTCLASS_IANA_SERVICES_FILE}")

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(PORTCLASS_EMBEDDED_C ${CMAKE_CURRENT_BINARY_DIR}/service-data.c)
add_custom_command(
  OUTPUT ${PORTCLASS_EMBEDDED_C}
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/cmake/service_data.py
          ${PROJECT_SOURCE_DIR}/data/services.tsv ${PORTCLASS_IANA_SERVICES_FILE}
          ${PORTCLASS_EMBEDDED_C}
  DEPENDS ${PROJECT_SOURCE_DIR}/data/services.tsv ${PORTCLASS_IANA_SERVICES_FILE}
          ${PROJECT_SOURCE_DIR}/cmake/service_data.py
  COMMENT "Generating the service tables from data/services.tsv and the IANA registry")
