# Sanitizer and fuzzing builds.
#
#   PORTCLASS_SANITIZE=ON  builds every target (the core, the plugin, the unit
#                          tests) with AddressSanitizer and UndefinedBehavior-
#                          Sanitizer. The plugin then needs the ASan runtime
#                          preloaded into tshark: see tests/fuzz.sh.
#   PORTCLASS_FUZZERS=ON   with clang, builds the libFuzzer harnesses of
#                          tests/fuzz/ (fuzz-<name>.c -> executable fuzz-<name>).
#
# Where to include it: anywhere after project(). The flags are not applied at
# the point of inclusion: the top-level CMakeLists.txt calls
# portclass_sanitizers_finish() at its end, when every target of every
# directory exists.
#
# SPDX-License-Identifier: GPL-2.0-or-later
include_guard(GLOBAL)

option(PORTCLASS_SANITIZE "Build all targets with AddressSanitizer and UBSan" OFF)
option(PORTCLASS_FUZZERS "Build the libFuzzer harnesses of tests/fuzz (clang only)" OFF)

set(PORTCLASS_SANITIZER_FLAGS
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)

# Every buildable target (not custom/utility/imported ones) defined in dir
# and below it, appended to the list named by out_var.
function(_portclass_collect_targets dir out_var)
  set(found ${${out_var}})
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
      list(APPEND found ${target})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _portclass_collect_targets("${subdir}" found)
  endforeach()
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()

function(_portclass_add_sanitizers)
  set(targets "")
  _portclass_collect_targets("${CMAKE_SOURCE_DIR}" targets)
  foreach(target IN LISTS targets)
    target_compile_options(${target} PRIVATE ${PORTCLASS_SANITIZER_FLAGS})
    get_target_property(type ${target} TYPE)
    if(NOT type STREQUAL "STATIC_LIBRARY" AND NOT type STREQUAL "OBJECT_LIBRARY")
      target_link_options(${target} PRIVATE ${PORTCLASS_SANITIZER_FLAGS})
    endif()
  endforeach()
  list(JOIN targets ", " target_names)
  message(STATUS "ASan+UBSan enabled for: ${target_names}")
endfunction()

# libFuzzer only sees coverage of code compiled with -fsanitize=fuzzer(-no-link).
# Instrumenting portclass_core itself would also put libFuzzer's coverage
# hooks into the plugin and make it unloadable by a plain tshark, so the
# harnesses link portclass_core_fuzz: the sources, include folders and
# libraries of portclass_core, compiled once more with the instrumentation.
function(_portclass_add_fuzzers)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(WARNING "PORTCLASS_FUZZERS needs clang (libFuzzer); the C compiler is "
                    "${CMAKE_C_COMPILER_ID}. Configure with CC=clang. No fuzzers built.")
    return()
  endif()
  if(NOT TARGET portclass_core)
    message(FATAL_ERROR "PORTCLASS_FUZZERS: no portclass_core target")
  endif()

  set(fuzz_flags -fsanitize=address,undefined -fno-omit-frame-pointer
                 -fno-sanitize-recover=undefined)
  get_target_property(core_sources portclass_core SOURCES)
  get_target_property(core_source_dir portclass_core SOURCE_DIR)
  get_target_property(core_includes portclass_core INCLUDE_DIRECTORIES)
  get_target_property(core_libraries portclass_core LINK_LIBRARIES)
  set(sources "")
  foreach(source IN LISTS core_sources)
    get_filename_component(source "${source}" ABSOLUTE BASE_DIR "${core_source_dir}")
    list(APPEND sources "${source}")
  endforeach()

  add_library(portclass_core_fuzz STATIC ${sources})
  target_include_directories(portclass_core_fuzz PUBLIC ${core_includes})
  if(core_libraries)
    target_link_libraries(portclass_core_fuzz PUBLIC ${core_libraries})
  endif()
  target_compile_options(portclass_core_fuzz PRIVATE -fsanitize=fuzzer-no-link ${fuzz_flags})

  file(GLOB harnesses CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz-*.c")
  set(names "")
  foreach(harness IN LISTS harnesses)
    get_filename_component(name "${harness}" NAME_WE)
    add_executable(${name} "${harness}")
    target_link_libraries(${name} PRIVATE portclass_core_fuzz)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer ${fuzz_flags})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer ${fuzz_flags})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/fuzz")
    list(APPEND names ${name})
  endforeach()
  list(JOIN names ", " fuzzer_names)
  message(STATUS "libFuzzer harnesses (in ${CMAKE_BINARY_DIR}/fuzz): ${fuzzer_names}")
endfunction()

# Call once at the end of the top-level CMakeLists.txt, when every target
# exists.
function(portclass_sanitizers_finish)
  if(PORTCLASS_SANITIZE)
    _portclass_add_sanitizers()
  endif()
  # After the sanitizers: the fuzz targets carry their own flags.
  if(PORTCLASS_FUZZERS)
    _portclass_add_fuzzers()
  endif()
endfunction()

