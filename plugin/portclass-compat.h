/* portclass-compat.h - the differences between Wireshark 3.4 and 4.6 that
 * the glue meets, in one place. Every glue file includes this first, in
 * place of <wireshark.h>. The core does not include it.
 *
 * Where a change could sit in 3.6 or 4.2 (not built here), the standalone
 * build checks the headers it builds against (cmake/WiresharkChecks.cmake,
 * PORTCLASS_CHECKED); the version tests below are for in-tree builds.
 *
 * API                             in 3.4        changed in          the glue uses
 * ------------------------------- ------------- ------------------- ------------------------------
 * <wireshark.h>, <ws_version.h>   none          3.6                 included when present
 * WIRESHARK_VERSION_MAJOR/_MINOR  VERSION_MAJOR 3.6                 defined here for 3.4
 * ws_log(), LOG_LEVEL_WARNING     g_log()       3.6                 portclass_warning()
 * tap packet callbacks' flags     none          4.0 (tap_flags_t)   PORTCLASS_TAP_FLAGS
 * conversation_type               endpoint_type 4.0                 PORTCLASS_CONVERSATION_TCP/UDP
 * field_info.value                a struct      4.2 (a pointer)     not read
 * plugin_describe()               none          4.4                 PORTCLASS_HAVE_PLUGIN_DESCRIBE
 * stats_tree_register_plugin()    returns void  4.4 (returns cfg)   result ignored
 * pref variables, UAT callbacks   gboolean      4.4 (bool)          portclass_cb_bool
 * the IANA registry               services file 4.4 (compiled in)   embedded at build time
 * wmem_packet_scope()             yes           4.6 (gone)          pinfo->pool everywhere
 *
 * Everything else the glue uses (the plugin entry points, taps, stats_tree
 * nodes, conversations, uat_new() and the UAT field macros, pinfo->pool)
 * is the same from 3.4 to 4.6.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_COMPAT_H
#define PORTCLASS_COMPAT_H

/* The results of the build's checks, when it made them. */
#if defined(PORTCLASS_CHECKED) && PORTCLASS_CHECKED
#include "portclass-config.h"
#endif

#if __has_include(<wireshark.h>)
#include <wireshark.h>
#include <ws_version.h>
#else
/* Wireshark 3.4: no <wireshark.h>; the version is in <config.h>. */
#include <glib.h>

#include <config.h>
#include <ws_attributes.h>
#include <ws_symbol_export.h>
#define WIRESHARK_VERSION_MAJOR VERSION_MAJOR
#define WIRESHARK_VERSION_MINOR VERSION_MINOR
#endif

#define PORTCLASS_WS_AT_LEAST(major, minor)                                                        \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                                          \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* A warning on stderr, in Wireshark's log from 3.6, GLib's before. */
#if __has_include(<wsutil/wslog.h>)
#define portclass_warning(...) ws_log(WS_LOG_DOMAIN, LOG_LEVEL_WARNING, __VA_ARGS__)
#else
#define portclass_warning(...) g_log(WS_LOG_DOMAIN, G_LOG_LEVEL_WARNING, __VA_ARGS__)
#endif

/* The last parameter of tap and statistics tree packet callbacks: the tap
 * flags, from 4.0. */
#ifndef PORTCLASS_HAVE_TAP_FLAGS
#define PORTCLASS_HAVE_TAP_FLAGS PORTCLASS_WS_AT_LEAST(4, 0)
#endif
#if PORTCLASS_HAVE_TAP_FLAGS
#define PORTCLASS_TAP_FLAGS , tap_flags_t flags _U_
#else
#define PORTCLASS_TAP_FLAGS
#endif

/* Conversation types were endpoint types before 4.0. */
#ifndef PORTCLASS_HAVE_CONVERSATION_TYPE
#define PORTCLASS_HAVE_CONVERSATION_TYPE PORTCLASS_WS_AT_LEAST(4, 0)
#endif
#if PORTCLASS_HAVE_CONVERSATION_TYPE
#define PORTCLASS_CONVERSATION_TCP CONVERSATION_TCP
#define PORTCLASS_CONVERSATION_UDP CONVERSATION_UDP
#else
#define PORTCLASS_CONVERSATION_TCP ENDPOINT_TCP
#define PORTCLASS_CONVERSATION_UDP ENDPOINT_UDP
#endif

/* plugin_describe() and WS_PLUGIN_DESC_DISSECTOR exist from 4.4; without
 * them 4.4 and later list the plugin with type "unknown". */
#ifndef PORTCLASS_HAVE_PLUGIN_DESCRIBE
#define PORTCLASS_HAVE_PLUGIN_DESCRIBE PORTCLASS_WS_AT_LEAST(4, 4)
#endif

/* Boolean type of preference variables and UAT callbacks: gboolean until
 * 4.2, bool from 4.4. */
#if PORTCLASS_WS_AT_LEAST(4, 4)
#include <stdbool.h>
typedef bool portclass_cb_bool;
#else
typedef gboolean portclass_cb_bool;
#endif

#endif /* PORTCLASS_COMPAT_H */
