/* portclass-settings.h - the preferences of portclass (Edit > Preferences >
 * Protocols > PortClass, tshark -o portclass.NAME:VALUE) and its table of
 * custom services (the portclass_services UAT).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_SETTINGS_H
#define PORTCLASS_SETTINGS_H

#include "portclass-compat.h"
#include "portclass/class.h"

/* The settings the dissector reads. The booleans are the preferences'
 * own variables, hence Wireshark's boolean type. */
typedef struct {
    portclass_language_t language;        /* of descriptions and tree labels */
    portclass_cb_bool expert_port_state;  /* port open / closed */
    portclass_cb_bool expert_nonstandard; /* a protocol on a port not its own */
    portclass_cb_bool expert_teaching;    /* cleartext, port 0, unusual ports */
    portclass_cb_bool annotate_quoted;    /* headers quoted in ICMP errors */
} settings_t;

/* The current settings. Never NULL. */
const settings_t *settings_current(void);

/* Registers the preferences and the custom services table under our
 * protocol. Call once from proto_register_portclass(). */
void settings_register(int proto);

/* Puts the custom service rows into effect when they changed since the last
 * call. Cheap otherwise; call at the start of each packet. */
void settings_refresh_custom_services(void);

#endif /* PORTCLASS_SETTINGS_H */
