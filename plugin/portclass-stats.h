/* portclass-stats.h - the "portclass" tap and its statistics tree
 * (tshark -z portclass,tree; Statistics > Port Classification).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_STATS_H
#define PORTCLASS_STATS_H

#include <epan/packet.h>

#include "portclass-analysis.h"

/* One TCP/UDP header whose roles are known, as the tap gets it. Strings
 * live as long as the packet (pinfo->pool) or are static. */
typedef struct {
    portclass_transport_t transport;
    guint16 server_port;
    portclass_class_t server_class;
    const char *server_service; /* NULL when the server port has no assignment */
    gboolean server_cleartext;  /* the server's service is cleartext (curated) */
    gboolean client_to_server;
    portclass_port_state_t port_state; /* what this packet proves */
    const char *server_host;           /* the server's address; NULL if unknown */
    const char *nonstandard_protocol;  /* on a conversation's first non-standard packet */
} stats_header_t;

/* A packet's tap item: its headers whose roles are known, outermost first,
 * then the one an ICMP error quotes. */
typedef struct {
    guint n_headers;
    stats_header_t headers[PORTCLASS_MAX_HEADERS];
} stats_packet_t;

/* Register the tap (once, from proto_register_portclass()) and the
 * statistics tree (the plugin's tap listener entry point). */
void stats_register_tap(void);
void stats_register_tree(void);

/* Whether a statistics tree (or another tap) is listening. Cheap. */
gboolean stats_listening(void);

/* Adds an analysed header whose roles are known to the packet's tap item;
 * past PORTCLASS_MAX_HEADERS headers it adds nothing. */
void stats_add_header(stats_packet_t *packet, packet_info *pinfo,
                      const header_analysis_t *analysis);

/* Hands a copy of the packet's tap item to the listeners, once per packet,
 * after its last header; a packet without headers is not handed on. */
void stats_queue_packet(packet_info *pinfo, const stats_packet_t *packet);

#endif /* PORTCLASS_STATS_H */
