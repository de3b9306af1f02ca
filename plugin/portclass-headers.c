/* portclass-headers.c - finding every TCP and UDP header of a packet from
 * the protocols Wireshark lists for it and the frame's bytes, the same way
 * whether or not a protocol tree is built.
 *
 * For each TCP or UDP layer in pinfo->layers, the ports come from pinfo
 * (the last, or only, layer) or from what each TCP/UDP dissector leaves per
 * layer for "Decode As"; the header itself is then found in the frame's
 * bytes, behind the IP header that carries it, for its TCP flags and the
 * addresses. A header whose bytes are not in the frame (a datagram
 * reassembled from IP fragments) keeps its ports and pinfo's addresses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto_data.h>

#include "portclass-compat.h"
#include "portclass-headers.h"

/* IP headers are looked for this far into the frame: every link layer and
 * tunnel header stack the captures hold fits, and a packet whose header is
 * not in the frame's bytes costs a bounded search. */
#define SEARCH_WINDOW 512

/* Protocols and fields of other dissectors, resolved once. */
static int proto_self = -1;
static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
/* The ports each TCP/UDP layer leaves in pinfo's per-layer data, keyed by
 * these fields' ids, per transport. */
static int hf_srcport[PORTCLASS_N_TRANSPORTS] = {-1, -1};
static int hf_dstport[PORTCLASS_N_TRANSPORTS] = {-1, -1};

void headers_init(int self_proto)
{
    proto_self = self_proto;
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    hf_srcport[PORTCLASS_TCP] = proto_registrar_get_id_byname("tcp.srcport");
    hf_dstport[PORTCLASS_TCP] = proto_registrar_get_id_byname("tcp.dstport");
    hf_srcport[PORTCLASS_UDP] = proto_registrar_get_id_byname("udp.srcport");
    hf_dstport[PORTCLASS_UDP] = proto_registrar_get_id_byname("udp.dstport");
}

/* ---- The layers ----------------------------------------------------------- */

/* A TCP or UDP layer that pinfo->layers lists. */
typedef struct {
    portclass_transport_t transport;
    guint number; /* its position in pinfo->layers, from 1 (pinfo->curr_layer_num) */
    int payload;  /* the protocol listed right after it; -1 for none */
} transport_layer_t;

/* The transport layers in the order they were dissected (outer first), up
 * to an ICMP or ICMPv6 layer, whose protocol *icmp_proto then names (else
 * -1): what an ICMP error quotes is read from its bytes. */
static guint list_transport_layers(const packet_info *pinfo, transport_layer_t *layers,
                                   int *icmp_proto)
{
    guint count = 0, number = 0;
    transport_layer_t *awaiting_payload = NULL;

    *icmp_proto = -1;
    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        gboolean is_transport = id == proto_tcp || id == proto_udp;
        number++;
        if (awaiting_payload && !is_transport && id != proto_self)
            awaiting_payload->payload = id;
        awaiting_payload = NULL;
        if (id == proto_icmp || id == proto_icmpv6) {
            *icmp_proto = id;
            break;
        }
        if (is_transport && count < PORTCLASS_MAX_HEADERS) {
            layers[count] = (transport_layer_t){
                .transport = id == proto_tcp ? PORTCLASS_TCP : PORTCLASS_UDP,
                .number = number,
                .payload = -1,
            };
            awaiting_payload = &layers[count++];
        }
    }
    return count;
}

/* ---- The frame's bytes --------------------------------------------------- */

typedef struct {
    tvbuff_t *tvb;
    const guint8 *bytes;
    gsize length;
} frame_bytes_t;

/* What the IP header to look for must carry. */
typedef struct {
    guint8 ip_protocol;
    const guint16 *ports;     /* the transport header's; NULL for any */
    const address *addresses; /* source and destination; NULL for any */
} ip_search_t;

static gboolean address_matches(const address *expected, const guint8 *bytes, gsize length)
{
    return (gsize)expected->len == length && memcmp(expected->data, bytes, length) == 0;
}

static guint16 read_u16(const guint8 *bytes)
{
    return (guint16)(bytes[0] << 8 | bytes[1]);
}

/* Whether an IP header that search describes starts at offset at. */
static gboolean ip_header_at(const frame_bytes_t *frame, gsize at, const ip_search_t *search,
                             portclass_ip_header_t *ip)
{
    guint version = frame->bytes[at] >> 4;

    if ((version != 4 && version != 6) ||
        !portclass_ip_header_parse(frame->bytes + at, frame->length - at, ip) ||
        ip->protocol != search->ip_protocol || !ip->has_transport)
        return FALSE;
    const guint8 *addresses = frame->bytes + at + ip->address_offset;
    if (search->addresses &&
        (!address_matches(&search->addresses[0], addresses, ip->address_length) ||
         !address_matches(&search->addresses[1], addresses + ip->address_length,
                          ip->address_length)))
        return FALSE;
    gsize transport = at + ip->transport_offset;
    if (!search->ports)
        return transport <= frame->length;
    return transport + 4 <= frame->length &&
           read_u16(frame->bytes + transport) == search->ports[0] &&
           read_u16(frame->bytes + transport + 2) == search->ports[1];
}

/* Finds the first IP header at or after from that search describes; *hint
 * (if not NULL) is tried first and set to what was found: captures keep
 * one link layer, so the header is usually where it was last time. */
static gboolean find_ip_header(const frame_bytes_t *frame, gsize from, const ip_search_t *search,
                               gsize *hint, gsize *found, portclass_ip_header_t *ip)
{
    if (hint && *hint >= from && *hint < frame->length && ip_header_at(frame, *hint, search, ip)) {
        *found = *hint;
        return TRUE;
    }
    gsize end = MIN(frame->length, from + SEARCH_WINDOW);
    for (gsize at = from; at < end; at++) {
        if (ip_header_at(frame, at, search, ip)) {
            *found = at;
            if (hint)
                *hint = at;
            return TRUE;
        }
    }
    return FALSE;
}

/* ---- Filling in a header -------------------------------------------------- */

/* Sets the header's addresses (address_length bytes each, source then
 * destination) and, when both ports are known, its endpoints. */
static void set_addresses(header_ref_t *header, const guint8 *addresses, gsize address_length)
{
    portclass_endpoints_t *endpoints = &header->endpoints;
    address_type type = address_length == 4 ? AT_IPv4 : AT_IPv6;

    endpoints->transport = header->transport;
    endpoints->address_length = (guint)address_length;
    for (guint i = 0; i < 2; i++) {
        memcpy(endpoints->addresses[i], addresses + i * address_length, address_length);
        set_address(&header->addresses[i], type, (int)address_length, endpoints->addresses[i]);
        endpoints->ports[i] = header->ports[i];
    }
    header->endpoints_known = header->n_ports == 2;
}

/* Takes pinfo's addresses when they are IP addresses. */
static void set_addresses_from_pinfo(header_ref_t *header, const packet_info *pinfo)
{
    guint8 addresses[2 * PORTCLASS_ADDRESS_MAX];
    int length = pinfo->src.len;

    if ((pinfo->src.type != AT_IPv4 && pinfo->src.type != AT_IPv6) ||
        pinfo->dst.type != pinfo->src.type || pinfo->dst.len != length ||
        length > PORTCLASS_ADDRESS_MAX)
        return;
    memcpy(addresses, pinfo->src.data, (size_t)length);
    memcpy(addresses + length, pinfo->dst.data, (size_t)length);
    set_addresses(header, addresses, (gsize)length);
}

/* Reads the header behind the IP header found at ip_at. */
static void read_header_bytes(header_ref_t *header, const frame_bytes_t *frame, gsize ip_at,
                              const portclass_ip_header_t *ip)
{
    gsize at = ip_at + ip->transport_offset;
    portclass_transport_header_t read;

    portclass_transport_header_read(header->transport, frame->bytes + at, frame->length - at,
                                    &read);
    header->n_ports = read.n_ports;
    memcpy(header->ports, read.ports, sizeof header->ports);
    header->tcp_flags_known = read.flags_known;
    header->tcp_flags = read.tcp_flags;
    header->tvb = frame->tvb;
    header->offset = (gint)at;
    set_addresses(header, frame->bytes + ip_at + ip->address_offset, ip->address_length);
}

static header_ref_t *new_header(header_ref_t *refs, guint *count, portclass_transport_t transport,
                                gboolean quoted)
{
    header_ref_t *header = &refs[(*count)++];

    *header = (header_ref_t){.transport = transport, .quoted = quoted, .payload_proto = -1};
    return header;
}

/* The ports a transport layer left in pinfo's per-layer data; FALSE when
 * it did not get that far. A port of 0 is stored as a NULL pointer, the
 * same as nothing, so one port present means the other is 0. */
static gboolean layer_ports(packet_info *pinfo, const transport_layer_t *layer, guint16 ports[2])
{
    guint source = GPOINTER_TO_UINT(
        p_get_proto_data(pinfo->pool, pinfo, hf_srcport[layer->transport], layer->number));
    guint destination = GPOINTER_TO_UINT(
        p_get_proto_data(pinfo->pool, pinfo, hf_dstport[layer->transport], layer->number));

    if (source == 0 && destination == 0)
        return FALSE;
    ports[0] = (guint16)source;
    ports[1] = (guint16)destination;
    return TRUE;
}

/* Where the last search for a header found its IP header. */
static gsize ip_hint;

/* Adds the header of one transport layer; returns where the next search
 * starts. ports are its ports when known (else NULL); addresses pinfo's
 * when they are this header's (else NULL). */
static gsize add_layer_header(header_ref_t *refs, guint *count, const frame_bytes_t *frame,
                              gsize from, const transport_layer_t *layer, const guint16 *ports,
                              const packet_info *pinfo_addresses)
{
    header_ref_t *header = new_header(refs, count, layer->transport, FALSE);
    const address *addresses = NULL;
    address pair[2];

    header->payload_proto = layer->payload;
    if (pinfo_addresses) {
        copy_address_shallow(&pair[0], &pinfo_addresses->src);
        copy_address_shallow(&pair[1], &pinfo_addresses->dst);
        addresses = pair;
    }
    ip_search_t search = {portclass_transport_ip_protocol(layer->transport), ports, addresses};
    portclass_ip_header_t ip;
    gsize ip_at;
    if (frame->bytes && find_ip_header(frame, from, &search, &ip_hint, &ip_at, &ip)) {
        read_header_bytes(header, frame, ip_at, &ip);
        return (gsize)header->offset + 1;
    }
    /* Not in the frame's bytes: what pinfo and the layer data say. */
    if (ports) {
        header->n_ports = 2;
        memcpy(header->ports, ports, sizeof header->ports);
    }
    if (pinfo_addresses)
        set_addresses_from_pinfo(header, pinfo_addresses);
    return from;
}

/* The TCP/UDP headers that are not quoted, outermost first. */
static gsize add_layer_headers(header_ref_t *refs, guint *count, const frame_bytes_t *frame,
                               packet_info *pinfo, const transport_layer_t *layers, guint n_layers)
{
    gsize from = 0;

    if (n_layers == 1) {
        /* The common case, one layer: pinfo holds its ports and addresses,
         * unless it was cut off before its ports (then pinfo->ptype is not
         * its transport). */
        port_type expected = layers[0].transport == PORTCLASS_TCP ? PT_TCP : PT_UDP;
        guint16 ports[2] = {(guint16)pinfo->srcport, (guint16)pinfo->destport};
        return add_layer_header(refs, count, frame, from, &layers[0],
                                pinfo->ptype == expected ? ports : NULL, pinfo);
    }
    for (guint i = 0; i < n_layers; i++) {
        guint16 ports[2];
        gboolean last = i + 1 == n_layers;
        from = add_layer_header(refs, count, frame, from, &layers[i],
                                layer_ports(pinfo, &layers[i], ports) ? ports : NULL,
                                last ? pinfo : NULL);
    }
    return from;
}

/* Adds the TCP/UDP header that the ICMP error after from quotes: behind
 * the IP header carrying the ICMP message (pinfo's addresses, which the
 * ICMP dissector sets back after the quoted datagram), the message's
 * header, and the quoted IP header. */
static void add_quoted_header(header_ref_t *refs, guint *count, const frame_bytes_t *frame,
                              gsize from, const packet_info *pinfo, int icmp_proto)
{
    address pair[2];
    copy_address_shallow(&pair[0], &pinfo->src);
    copy_address_shallow(&pair[1], &pinfo->dst);
    ip_search_t search = {
        icmp_proto == proto_icmp ? PORTCLASS_IPPROTO_ICMP : PORTCLASS_IPPROTO_ICMPV6, NULL, pair};
    portclass_ip_header_t outer, quoted;
    portclass_icmp_t icmp;
    portclass_transport_t transport;
    gsize ip_at;

    if (!find_ip_header(frame, from, &search, NULL, &ip_at, &outer)) {
        search.addresses = NULL;
        if (!find_ip_header(frame, from, &search, NULL, &ip_at, &outer))
            return;
    }
    gsize icmp_at = ip_at + outer.transport_offset;
    gsize quoted_at = icmp_at + PORTCLASS_ICMP_ERROR_HEADER;
    if (!portclass_icmp_parse(outer.version, frame->bytes + icmp_at, frame->length - icmp_at,
                              &icmp) ||
        !icmp.quotes || quoted_at >= frame->length ||
        !portclass_ip_header_parse(frame->bytes + quoted_at, frame->length - quoted_at, &quoted) ||
        !quoted.has_transport || !portclass_ip_protocol_transport(quoted.protocol, &transport) ||
        quoted_at + quoted.transport_offset > frame->length)
        return;
    header_ref_t *header = new_header(refs, count, transport, TRUE);
    read_header_bytes(header, frame, quoted_at, &quoted);
    header->port_unreachable = icmp.port_unreachable;
}

guint headers_find(tvbuff_t *tvb, packet_info *pinfo, gboolean with_quoted, header_ref_t *refs)
{
    transport_layer_t layers[PORTCLASS_MAX_HEADERS];
    int icmp_proto;
    guint n_layers = list_transport_layers(pinfo, layers, &icmp_proto);
    guint count = 0;

    if (n_layers == 0 && (icmp_proto < 0 || !with_quoted))
        return 0;
    frame_bytes_t frame = {tvb, NULL, tvb_captured_length(tvb)};
    if (frame.length > 0)
        frame.bytes = tvb_get_ptr(tvb, 0, (gint)frame.length);
    gsize from =
        n_layers > 0 ? add_layer_headers(refs, &count, &frame, pinfo, layers, n_layers) : 0;
    if (icmp_proto >= 0 && with_quoted && frame.bytes && count < PORTCLASS_MAX_HEADERS)
        add_quoted_header(refs, &count, &frame, from, pinfo, icmp_proto);
    return count;
}
