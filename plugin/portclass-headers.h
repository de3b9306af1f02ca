/* portclass-headers.h - finding the TCP and UDP headers of a packet, the
 * same way in every mode, with or without a protocol tree: from the
 * protocols Wireshark lists for the packet (pinfo->layers), pinfo's
 * addresses and ports, and the frame's bytes. The tree, when there is one,
 * only says where each header's subtree goes (headers_place()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_HEADERS_H
#define PORTCLASS_HEADERS_H

#include <epan/packet.h>

#include "portclass/conversation.h"
#include "portclass/ip.h"
#include "portclass/registry.h"
#include "portclass/roles.h"

/* More TCP/UDP headers than this in one packet are not annotated. */
#define PORTCLASS_MAX_HEADERS 16

/* One TCP or UDP header of the packet. */
typedef struct {
    /* Its bytes: in the frame as found, or the TCP/UDP item's once placed
     * in a tree; tvb NULL when not found. */
    tvbuff_t *tvb;
    proto_item *anchor;                  /* top-level tree item its subtree follows; NULL if none */
    const portclass_app_protocol_t *app; /* its payload's usual ports, when we keep them */
    /* Its addresses when addresses_known, and ports as far as captured
     * (source, destination). The addresses point at those of the IP header
     * carrying it (in the packet's bytes, or in address_copy). */
    portclass_endpoints_t endpoints;
    portclass_transport_t transport;
    gboolean quoted;           /* inside an ICMP/ICMPv6 error */
    gboolean port_unreachable; /* quoted by an ICMP/ICMPv6 port unreachable */
    guint n_ports;             /* ports captured: 0, 1 (source only) or 2 */
    gboolean tcp_flags_known;  /* the TCP flags byte was found */
    gboolean addresses_known;
    int payload_proto; /* protocol decoded right above it; -1 for none */
    gint offset;       /* of the header in tvb */
    guint8 tcp_flags;
    guint8 address_copy[2 * PORTCLASS_ADDRESS_MAX]; /* pinfo's, when taken from there */
} transport_header_t;

/* Whether the header's endpoints are known in full: addresses and both
 * ports, which a conversation record needs. */
static inline gboolean headers_endpoints_known(const transport_header_t *header)
{
    return header->addresses_known && header->n_ports == 2;
}

/* One of the header's addresses (0: source, 1: destination) as a Wireshark
 * address pointing into the header; AT_NONE when not known. */
void headers_address(const transport_header_t *header, guint side, address *out);

/* Resolves the other dissectors' protocols and fields the search needs.
 * Call once from the handoff, with our own protocol. */
void headers_init(int self_proto);

/* Fills headers (room for PORTCLASS_MAX_HEADERS) with every TCP/UDP header
 * of the packet, outermost first, then the one an ICMP error quotes;
 * returns how many. tvb is the frame's. */
guint headers_find(tvbuff_t *tvb, const packet_info *pinfo, transport_header_t *headers);

/* Finds, for each header, the top-level item its subtree follows (its
 * TCP/UDP item, the ICMP item for a quoted header, the last protocol item
 * with bytes for a header cut off before its item) and, when its TCP/UDP
 * item is there, takes that item's bytes for the header's. */
void headers_place(proto_tree *tree, transport_header_t *headers, guint count);

#endif /* PORTCLASS_HEADERS_H */
