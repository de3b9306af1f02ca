/* portclass-headers.h - finding the TCP and UDP headers of a packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_HEADERS_H
#define PORTCLASS_HEADERS_H

#include <epan/packet.h>

#include "portclass/registry.h"

/* More TCP/UDP headers than this in one packet are not annotated. */
#define PORTCLASS_MAX_HEADERS 16

/* One TCP or UDP header of the packet. */
typedef struct {
    proto_item *anchor; /* top-level item our subtree follows */
    tvbuff_t *tvb;      /* data source holding the header; NULL if unknown */
    gint offset;        /* start of the header in tvb */
    portclass_transport_t transport;
    gboolean quoted;  /* inside an ICMP/ICMPv6 error */
    guint n_ports;    /* ports captured: 0, 1 (source only) or 2 */
    guint16 ports[2]; /* source, destination */
    /* The network addresses of the IP header carrying it (source,
     * destination); AT_NONE when they are not known. They point into packet
     * data: copy them to keep them past the packet. */
    address addresses[2];
    gboolean tcp_flags_known; /* the TCP flags byte was captured */
    guint8 tcp_flags;
    gboolean port_unreachable; /* quoted by an ICMP/ICMPv6 port unreachable */
    int payload_proto;         /* protocol decoded right above it; -1 for none */
} header_ref_t;

/* TCP flag bits. */
#define PORTCLASS_TCP_FIN 0x01
#define PORTCLASS_TCP_SYN 0x02
#define PORTCLASS_TCP_RST 0x04
#define PORTCLASS_TCP_ACK 0x10

/* Resolves the other dissectors' protocols and fields the search needs.
 * Call once from the handoff, with our own protocol and handle. */
void headers_init(int self_proto, dissector_handle_t self);

/* Fills refs (room for PORTCLASS_MAX_HEADERS) with every TCP/UDP header of
 * the packet, outermost first, and returns how many. tvb is the frame. */
guint headers_collect(proto_tree *tree, tvbuff_t *tvb, const packet_info *pinfo,
                      header_ref_t *refs);

/* Wireshark 4.6 and later: while wanted, ask Wireshark to keep the TCP/UDP
 * source port items in trees that are built but not shown, so that
 * headers_collect() can find every header there from the next packet on.
 * A no-op on earlier versions, whose unseen trees keep protocol items. */
void headers_want_port_items(gboolean wanted);

/* Without a tree: fills refs with the last TCP/UDP header of the packet,
 * the one pinfo describes, and finds its bytes in the frame (tvb) for its
 * TCP flags and, when it is quoted, the ICMP message. Returns 0 or 1. */
guint headers_collect_without_tree(tvbuff_t *tvb, const packet_info *pinfo, header_ref_t *refs);

#endif /* PORTCLASS_HEADERS_H */
