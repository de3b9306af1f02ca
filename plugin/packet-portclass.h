/* packet-portclass.h - registration entry points of the portclass
 * post-dissector, called from plugin.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_PORTCLASS_H
#define PACKET_PORTCLASS_H

void proto_register_portclass(void);
void proto_reg_handoff_portclass(void);

#endif /* PACKET_PORTCLASS_H */
