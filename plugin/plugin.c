/* plugin.c - the entry points Wireshark's plugin loader looks for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include "portclass-compat.h"

#include <epan/proto.h>
#include <epan/tap.h>

#include "packet-portclass.h"

#if PORTCLASS_HAVE_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = PORTCLASS_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plugin = {.register_protoinfo = proto_register_portclass,
                                  .register_handoff = proto_reg_handoff_portclass};
    static tap_plugin statistics = {.register_tap_listener = stats_register_tree};

    proto_register_plugin(&plugin);
    tap_register_plugin(&statistics);
}

#if PORTCLASS_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif
