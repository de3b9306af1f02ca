# Checks the installed Wireshark's headers for the API differences that
# plugin/portclass-compat.h bridges and whose version the project has not
# built against (3.6, 4.2), so that the answer comes from the headers
# themselves. Writes portclass-config.h into the build folder; the glue
# reads it through portclass-compat.h (PORTCLASS_CHECKED).
include(CheckCSourceCompiles)

set(CMAKE_REQUIRED_INCLUDES ${Wireshark_INCLUDE_DIR} ${GLIB_INCLUDE_DIRS})
set(CMAKE_REQUIRED_QUIET ON)
# What every check starts with: <wireshark.h> where there is one (3.6+),
# else what 3.4's headers need first.
set(_prologue "
#if __has_include(<wireshark.h>)
#include <wireshark.h>
#else
#include <config.h>
#endif
")
check_c_source_compiles("${_prologue}
#include <epan/tap.h>
int main(void) { tap_flags_t flags = 0; (void)flags; return 0; }"
  PORTCLASS_HAVE_TAP_FLAGS)
check_c_source_compiles("${_prologue}
#include <epan/conversation.h>
int main(void) { conversation_type type = CONVERSATION_TCP; (void)type; return 0; }"
  PORTCLASS_HAVE_CONVERSATION_TYPE)
check_c_source_compiles("${_prologue}
#include <wsutil/plugins.h>
int main(void) { return (int)(WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER); }"
  PORTCLASS_HAVE_PLUGIN_DESCRIBE)
unset(CMAKE_REQUIRED_INCLUDES)
unset(CMAKE_REQUIRED_QUIET)

set(_checks PORTCLASS_HAVE_TAP_FLAGS PORTCLASS_HAVE_CONVERSATION_TYPE
            PORTCLASS_HAVE_PLUGIN_DESCRIBE)
foreach(_check ${_checks})
  if(${_check})
    set(${_check} 1)
  else()
    set(${_check} 0)
  endif()
endforeach()
message(STATUS "Wireshark API: tap_flags_t ${PORTCLASS_HAVE_TAP_FLAGS}, "
               "conversation_type ${PORTCLASS_HAVE_CONVERSATION_TYPE}, "
               "plugin_describe ${PORTCLASS_HAVE_PLUGIN_DESCRIBE}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/portclass-config.h.in
               ${CMAKE_BINARY_DIR}/portclass-config.h @ONLY)
