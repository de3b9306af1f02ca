/* portclass-compat.h - the differences between Wireshark 4.0, 4.2, 4.4 and
 * 4.6 that the glue meets, in one place. The core does not include this.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_COMPAT_H
#define PORTCLASS_COMPAT_H

#include <ws_version.h>

#define PORTCLASS_WS_AT_LEAST(major, minor)                                                        \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                                          \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* plugin_describe() and WS_PLUGIN_DESC_DISSECTOR exist from 4.2; without
 * them 4.4 and later list the plugin with type "unknown". */
#define PORTCLASS_HAVE_PLUGIN_DESCRIBE PORTCLASS_WS_AT_LEAST(4, 2)

/* Boolean type of preference and UAT callbacks: gboolean until 4.2, bool
 * from 4.4. */
#if PORTCLASS_WS_AT_LEAST(4, 4)
#include <stdbool.h>
typedef bool portclass_cb_bool;
#else
typedef gboolean portclass_cb_bool;
#endif

/* tvb_get_guint8() became tvb_get_uint8() in 4.2 and is deprecated in 4.4. */
#if PORTCLASS_WS_AT_LEAST(4, 2)
#define portclass_tvb_get_u8 tvb_get_uint8
#else
#define portclass_tvb_get_u8 tvb_get_guint8
#endif

/* Conversation types were endpoint types before 4.0. */
#if PORTCLASS_WS_AT_LEAST(4, 0)
#define PORTCLASS_CONVERSATION_TCP CONVERSATION_TCP
#else
#define PORTCLASS_CONVERSATION_TCP ENDPOINT_TCP
#endif

/* Wireshark 4.0 and 4.2 ship their copy of the IANA registry as a data file
 * ("services"); 4.4 compiles it in and prints it with global_services_dump(),
 * the function behind "tshark -G services". That function is exported by
 * libwireshark but its header (epan/services.h) is not installed. */
#if PORTCLASS_WS_AT_LEAST(4, 4)
#include <stdio.h>
#include <ws_symbol_export.h>
#define PORTCLASS_HAVE_COMPILED_IN_SERVICES 1
WS_DLL_PUBLIC void global_services_dump(FILE *fp);
#else
#define PORTCLASS_HAVE_COMPILED_IN_SERVICES 0
#endif

/* Differences that need no shim, said here so nobody looks for one:
 * - stats_tree_register_plugin() returns the tree's configuration from 4.2
 *   on (void before); portclass-stats.c ignores the result, and the
 *   stats_tree node macros (tick_stat_node(), increase_stat_node()) are
 *   the same in every version;
 * - value_string.h moved from epan/ to wsutil/; portclass defines no
 *   value_string;
 * - wmem_packet_scope() is gone in 4.6: the glue uses pinfo->pool only;
 * - field_info.value became a pointer in 4.2: the glue reads no field
 *   values, it finds headers by their items and bytes. */

#endif /* PORTCLASS_COMPAT_H */
