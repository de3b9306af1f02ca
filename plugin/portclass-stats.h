/* portclass-stats.h - the "portclass" tap and its statistics tree
 * (tshark -z portclass,tree; Statistics > Port Classification).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_STATS_H
#define PORTCLASS_STATS_H

#include <epan/packet.h>

#include "portclass-analysis.h"
#include "portclass/class.h"
#include "portclass/conversation.h"
#include "portclass/registry.h"

/* What the tap gets for each TCP/UDP header whose roles are known: the same
 * facts the packet's portclass fields show. Strings live as long as the
 * packet (pinfo->pool) or are static. */
typedef struct {
    portclass_transport_t transport;
    guint16 server_port;
    portclass_class_t server_class;
    const char *server_service; /* NULL when the server port has no assignment */
    gboolean client_to_server;
    portclass_port_state_t port_state; /* what this packet proves */
    const char *server_host;           /* the server's address; NULL if unknown */
    const char *nonstandard_protocol;  /* on a conversation's first non-standard packet */
    guint32 frame;
    guint32 frame_length;
} stats_header_t;

/* Registers the tap. Call once from proto_register_portclass(). */
void stats_register_tap(void);

/* Registers the statistics tree: the plugin's tap listener entry point,
 * which Wireshark calls after the protocols are registered. */
void stats_register_tree(void);

/* Whether a statistics tree (or another tap) is listening. Cheap. */
gboolean stats_listening(void);

/* Hands an analysed header whose roles are known to the listeners. */
void stats_queue(packet_info *pinfo, const header_analysis_t *analysis);

#endif /* PORTCLASS_STATS_H */
