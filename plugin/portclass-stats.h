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

/* One TCP/UDP header whose roles are known, as the tap gets it: the same
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
} stats_header_t;

/* What the tap gets for a packet, once: its headers whose roles are known,
 * outermost first, then the one an ICMP error quotes. Lives in pinfo->pool. */
typedef struct {
    guint32 frame;
    guint32 frame_length;
    guint n_headers;
    stats_header_t headers[PORTCLASS_MAX_HEADERS];
} stats_packet_t;

/* Registers the tap. Call once from proto_register_portclass(). */
void stats_register_tap(void);

/* Registers the statistics tree: the plugin's tap listener entry point,
 * which Wireshark calls after the protocols are registered. */
void stats_register_tree(void);

/* Whether a statistics tree (or another tap) is listening. Cheap. */
gboolean stats_listening(void);

/* A packet's tap item, holding no header yet, in pinfo->pool. Call only
 * when stats_listening(). */
stats_packet_t *stats_packet_new(packet_info *pinfo);

/* Adds an analysed header whose roles are known to the packet's tap item.
 * Past PORTCLASS_MAX_HEADERS headers it adds nothing. */
void stats_add_header(stats_packet_t *packet, packet_info *pinfo,
                      const header_analysis_t *analysis);

/* Hands the packet's tap item to the listeners: call once per packet, after
 * its last header. A packet without headers is not handed on. */
void stats_queue_packet(packet_info *pinfo, stats_packet_t *packet);

#endif /* PORTCLASS_STATS_H */
