/* portclass-headers.c - finding every TCP and UDP header of a packet, in
 * the frame's bytes behind the IP header that carries it.
 *
 * This runs for every packet of the first pass, with the plugin loaded and
 * nobody asking for it, so the common case (one TCP or UDP header right
 * behind an IP header near the start of the frame) is told apart first
 * and cheaply: find_only_header().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass-compat.h"

#include <epan/packet.h>
#include <epan/proto.h>
/* After packet.h: in 3.4 ipproto.h uses value_string_ext without
 * declaring it. */
#include <epan/ipproto.h>

#include "packet-portclass.h"

/* The core reads IP headers with its own copy of Wireshark's protocol
 * numbers (it does without epan); they must be the same. */
G_STATIC_ASSERT(PORTCLASS_IPPROTO_TCP == IP_PROTO_TCP);
G_STATIC_ASSERT(PORTCLASS_IPPROTO_UDP == IP_PROTO_UDP);
G_STATIC_ASSERT(PORTCLASS_IPPROTO_ICMP == IP_PROTO_ICMP);
G_STATIC_ASSERT(PORTCLASS_IPPROTO_ICMPV6 == IP_PROTO_ICMPV6);

/* IP headers are looked for this far into the frame: every link layer and
 * tunnel header stack the captures hold fits, and a packet whose header is
 * not in the frame's bytes costs a bounded search. */
#define SEARCH_WINDOW 512

/* An IP header that starts this early in the frame has no room for another
 * IP and TCP/UDP header (at least 20 + 8 bytes) before it. */
#define NO_TUNNEL_BEFORE 28

/* Protocols and fields of other dissectors, resolved once. */
static int proto_self = -1;
static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

/* Where the last search found the IP header of a packet's last TCP/UDP
 * header: a capture keeps one link layer, so it is usually there again. */
static gsize ip_hint;

void headers_init(int self_proto)
{
    proto_self = self_proto;
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

void headers_address(const transport_header_t *header, guint side, address *out)
{
    const portclass_endpoints_t *endpoints = &header->endpoints;

    if (!header->addresses_known || side > 1)
        clear_address(out);
    else
        set_address(out, endpoints->address_length == 4 ? AT_IPv4 : AT_IPv6,
                    (int)endpoints->address_length,
                    endpoints->addresses + (gsize)side * endpoints->address_length);
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
    const guint16 *ports;  /* the transport header's; NULL for any */
    const address *source; /* NULL for any (then destination is NULL too) */
    const address *destination;
} ip_search_t;

static guint16 read_u16(const guint8 *bytes)
{
    return (guint16)(bytes[0] << 8 | bytes[1]);
}

static gboolean address_is(const address *wanted, const guint8 *bytes, gsize length)
{
    /* Fixed-length comparisons, which the compiler does inline. */
    if ((gsize)wanted->len != length)
        return FALSE;
    return length == 4 ? memcmp(bytes, wanted->data, 4) == 0
                       : memcmp(bytes, wanted->data, PORTCLASS_ADDRESS_MAX) == 0;
}

/* Whether the two addresses at bytes (source then destination) are those
 * search wants. */
static gboolean addresses_match(const ip_search_t *search, const guint8 *bytes,
                                gsize address_length)
{
    return !search->source ||
           (address_is(search->source, bytes, address_length) &&
            address_is(search->destination, bytes + address_length, address_length));
}

/* Whether an IP header that search describes starts at offset at. */
static gboolean ip_header_at(const frame_bytes_t *frame, gsize at, const ip_search_t *search,
                             portclass_ip_header_t *ip)
{
    guint version = frame->bytes[at] >> 4;

    if ((version != 4 && version != 6) ||
        !portclass_ip_header_parse(frame->bytes + at, frame->length - at, ip) ||
        ip->protocol != search->ip_protocol || !ip->has_transport ||
        !addresses_match(search, frame->bytes + at + ip->address_offset, ip->address_length))
        return FALSE;
    gsize transport = at + ip->transport_offset;
    if (!search->ports)
        return transport <= frame->length;
    return transport + 4 <= frame->length &&
           read_u16(frame->bytes + transport) == search->ports[0] &&
           read_u16(frame->bytes + transport + 2) == search->ports[1];
}

/* Finds the first IP header that search describes starting at or after
 * from and before end; *hint (if not NULL) is tried first, and set to what
 * was found. */
static gboolean find_ip_header(const frame_bytes_t *frame, gsize from, gsize end,
                               const ip_search_t *search, gsize *hint, gsize *found,
                               portclass_ip_header_t *ip)
{
    end = MIN(end, frame->length);
    if (hint && *hint >= from && *hint < end && ip_header_at(frame, *hint, search, ip)) {
        *found = *hint;
        return TRUE;
    }
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

/* Whether pinfo's addresses are IPv4 or IPv6 addresses. */
static gboolean pinfo_has_ip_addresses(const packet_info *pinfo)
{
    return (pinfo->src.type == AT_IPv4 || pinfo->src.type == AT_IPv6) &&
           pinfo->dst.type == pinfo->src.type && pinfo->dst.len == pinfo->src.len &&
           (pinfo->src.len == 4 || pinfo->src.len == PORTCLASS_ADDRESS_MAX);
}

/* ---- Filling in a header -------------------------------------------------- */

/* The ports we keep for the protocol with this id, NULL when we keep none
 * (a protocol we never call non-standard). A small cache, as this is
 * asked for every packet and the lookup goes by name. */
static const portclass_app_protocol_t *app_protocol(int proto_id)
{
    enum { CACHE_SIZE = 64 };
    static struct {
        int proto_id; /* 0: empty (no protocol has id 0 in the cache's use) */
        const portclass_app_protocol_t *app;
    } cache[CACHE_SIZE];

    if (proto_id <= 0)
        return NULL;
    guint slot = (guint)proto_id % CACHE_SIZE;
    if (cache[slot].proto_id != proto_id) {
        cache[slot].proto_id = proto_id;
        cache[slot].app = portclass_app_protocol_lookup(proto_get_protocol_filter_name(proto_id));
    }
    return cache[slot].app;
}

static void start_header(transport_header_t *header, portclass_transport_t transport,
                         gboolean quoted, int payload_proto)
{
    *header = (transport_header_t){
        .transport = transport,
        .quoted = quoted,
        .payload_proto = payload_proto,
        .app = app_protocol(payload_proto),
        .endpoints = {.transport = transport},
    };
}

static void set_ports(transport_header_t *header, guint n_ports, const guint16 *ports)
{
    header->n_ports = n_ports;
    for (guint i = 0; i < n_ports; i++)
        header->endpoints.ports[i] = ports[i];
}

/* Points the header's addresses at addresses: address_length bytes of
 * source, then of destination, which live as long as the packet. */
static void set_addresses(transport_header_t *header, const guint8 *addresses, gsize address_length)
{
    header->endpoints.address_length = (guint)address_length;
    header->endpoints.addresses = addresses;
    header->addresses_known = TRUE;
}

/* Reads the header behind the IP header found at ip_at. */
static void read_header_bytes(transport_header_t *header, const frame_bytes_t *frame, gsize ip_at,
                              const portclass_ip_header_t *ip)
{
    gsize at = ip_at + ip->transport_offset;
    portclass_transport_header_t read;

    portclass_transport_header_read(header->transport, frame->bytes + at, frame->length - at,
                                    &read);
    set_ports(header, read.n_ports, read.ports);
    header->tcp_flags_known = read.flags_known;
    header->tcp_flags = read.tcp_flags;
    header->tvb = frame->tvb;
    header->offset = (gint)at;
    set_addresses(header, frame->bytes + ip_at + ip->address_offset, ip->address_length);
}

/* ---- The common case: one header, found in a few steps -------------------- */

/* The protocol listed right after the last TCP/UDP layer, found walking
 * back from the end of pinfo->layers; FALSE when that layer is not of this
 * transport. */
static gboolean payload_of_last_layer(const packet_info *pinfo, portclass_transport_t transport,
                                      int *payload)
{
    int wanted = transport == PORTCLASS_TCP ? proto_tcp : proto_udp;
    int after = -1;

    for (wmem_list_frame_t *frame = wmem_list_tail(pinfo->layers); frame;
         frame = wmem_list_frame_prev(frame)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (id == proto_tcp || id == proto_udp) {
            *payload = after;
            return id == wanted;
        }
        if (id != proto_self)
            after = id;
    }
    return FALSE;
}

/* The packet's only TCP or UDP header, when pinfo describes it and its IP
 * header is found early in the frame with pinfo's addresses and ports: then
 * no other TCP/UDP header comes before it, and an ICMP error quotes none
 * (pinfo then holds the addresses of the IP header carrying the ICMP
 * message). Most packets are this; it spares them the walk over every
 * layer. FALSE for the others. */
static gboolean find_only_header(const frame_bytes_t *frame, const packet_info *pinfo,
                                 transport_header_t *header)
{
    if (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP)
        return FALSE;
    portclass_transport_t transport = pinfo->ptype == PT_TCP ? PORTCLASS_TCP : PORTCLASS_UDP;
    const guint16 ports[2] = {(guint16)pinfo->srcport, (guint16)pinfo->destport};
    ip_search_t search = {portclass_transport_ip_protocol(transport), ports, &pinfo->src,
                          &pinfo->dst};
    portclass_ip_header_t ip;
    gsize ip_at;
    int payload;

    if (!frame->bytes || !pinfo_has_ip_addresses(pinfo) ||
        !find_ip_header(frame, 0, NO_TUNNEL_BEFORE, &search, &ip_hint, &ip_at, &ip) ||
        !payload_of_last_layer(pinfo, transport, &payload))
        return FALSE;
    start_header(header, transport, FALSE, payload);
    read_header_bytes(header, frame, ip_at, &ip);
    return TRUE;
}

/* ---- Every layer ------------------------------------------------------------ */

/* Starts a header for each TCP/UDP layer of pinfo->layers in the order they
 * were dissected (outer first), up to an ICMP or ICMPv6 layer, whose
 * protocol *icmp_proto then names (else -1): what an ICMP error quotes is
 * read from its bytes. Returns how many. */
static guint start_layer_headers(const packet_info *pinfo, transport_header_t *headers,
                                 int *icmp_proto)
{
    guint count = 0;
    gboolean awaiting_payload = FALSE;

    *icmp_proto = -1;
    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        gboolean is_transport = id == proto_tcp || id == proto_udp;
        if (awaiting_payload && !is_transport && id != proto_self) {
            headers[count - 1].payload_proto = id;
            headers[count - 1].app = app_protocol(id);
        }
        awaiting_payload = FALSE;
        if (id == proto_icmp || id == proto_icmpv6) {
            *icmp_proto = id;
            break;
        }
        if (is_transport && count < PORTCLASS_MAX_HEADERS) {
            start_header(&headers[count++], id == proto_tcp ? PORTCLASS_TCP : PORTCLASS_UDP, FALSE,
                         -1);
            awaiting_payload = TRUE;
        }
    }
    return count;
}

/* Reads the layers' headers in the frame's bytes; returns where the search
 * for what follows them starts. The last one is the one pinfo's addresses
 * and ports describe (unless it was cut off before its ports: then
 * pinfo->ptype is not its transport); when its bytes are not in the frame
 * (a datagram reassembled from IP fragments) it keeps what pinfo says. The
 * ones before it, a tunnel's outer layers, are the first headers of their
 * transport after the one before. */
static gsize read_layer_headers(transport_header_t *headers, guint count,
                                const frame_bytes_t *frame, const packet_info *pinfo)
{
    gboolean ip_addresses = pinfo_has_ip_addresses(pinfo);
    const guint16 pinfo_ports[2] = {(guint16)pinfo->srcport, (guint16)pinfo->destport};
    gsize from = 0;

    for (guint i = 0; i < count; i++) {
        transport_header_t *header = &headers[i];
        gboolean last = i + 1 == count;
        port_type expected = header->transport == PORTCLASS_TCP ? PT_TCP : PT_UDP;
        const guint16 *ports = last && pinfo->ptype == expected ? pinfo_ports : NULL;
        gboolean with_pinfo_addresses = last && ip_addresses;
        ip_search_t search = {portclass_transport_ip_protocol(header->transport), ports,
                              with_pinfo_addresses ? &pinfo->src : NULL,
                              with_pinfo_addresses ? &pinfo->dst : NULL};
        portclass_ip_header_t ip;
        gsize ip_at;

        /* The hint is for the header pinfo describes: an outer header's
         * search must not jump past the headers before it. */
        if (frame->bytes && find_ip_header(frame, from, from + SEARCH_WINDOW, &search,
                                           ports ? &ip_hint : NULL, &ip_at, &ip)) {
            read_header_bytes(header, frame, ip_at, &ip);
            from = (gsize)header->offset + 1;
            continue;
        }
        if (ports)
            set_ports(header, 2, ports);
        if (with_pinfo_addresses) {
            gsize length = (gsize)pinfo->src.len;
            memcpy(header->address_copy, pinfo->src.data, length);
            memcpy(header->address_copy + length, pinfo->dst.data, length);
            set_addresses(header, header->address_copy, length);
        }
    }
    return from;
}

/* Reads the TCP/UDP header that the ICMP error after from quotes into
 * header: behind the IP header carrying the ICMP message (pinfo's
 * addresses, which the ICMP dissector sets back after the quoted datagram),
 * the message's header, and the quoted IP header. FALSE when there is
 * none. */
static gboolean read_quoted_header(transport_header_t *header, const frame_bytes_t *frame,
                                   gsize from, const packet_info *pinfo, int icmp_proto)
{
    gboolean ip_addresses = pinfo_has_ip_addresses(pinfo);
    ip_search_t search = {icmp_proto == proto_icmp ? IP_PROTO_ICMP : IP_PROTO_ICMPV6, NULL,
                          ip_addresses ? &pinfo->src : NULL, ip_addresses ? &pinfo->dst : NULL};
    portclass_ip_header_t outer, quoted;
    portclass_icmp_t icmp;
    portclass_transport_t transport;
    gsize ip_at, end = from + SEARCH_WINDOW;

    if (!find_ip_header(frame, from, end, &search, NULL, &ip_at, &outer)) {
        search.source = search.destination = NULL;
        if (!find_ip_header(frame, from, end, &search, NULL, &ip_at, &outer))
            return FALSE;
    }
    gsize icmp_at = ip_at + outer.transport_offset;
    gsize quoted_at = icmp_at + PORTCLASS_ICMP_ERROR_HEADER;
    if (!portclass_icmp_parse(outer.version, frame->bytes + icmp_at, frame->length - icmp_at,
                              &icmp) ||
        !icmp.quotes || quoted_at >= frame->length ||
        !portclass_ip_header_parse(frame->bytes + quoted_at, frame->length - quoted_at, &quoted) ||
        !quoted.has_transport || !portclass_ip_protocol_transport(quoted.protocol, &transport) ||
        quoted_at + quoted.transport_offset > frame->length)
        return FALSE;
    start_header(header, transport, TRUE, -1);
    read_header_bytes(header, frame, quoted_at, &quoted);
    header->port_unreachable = icmp.port_unreachable;
    return TRUE;
}

guint headers_find(tvbuff_t *tvb, const packet_info *pinfo, transport_header_t *headers)
{
    frame_bytes_t frame = {tvb, NULL, tvb_captured_length(tvb)};
    int icmp_proto;

    if (frame.length > 0)
        frame.bytes = tvb_get_ptr(tvb, 0, (gint)frame.length);
    if (find_only_header(&frame, pinfo, &headers[0]))
        return 1;
    guint count = start_layer_headers(pinfo, headers, &icmp_proto);
    gsize from = read_layer_headers(headers, count, &frame, pinfo);
    if (icmp_proto >= 0 && frame.bytes && count < PORTCLASS_MAX_HEADERS &&
        read_quoted_header(&headers[count], &frame, from, pinfo, icmp_proto))
        count++;
    return count;
}

/* ---- Where each subtree goes in a shown tree ------------------------------- */

/* Every protocol's item is a top-level item of the tree, in the order the
 * protocols were decoded, so the n-th TCP/UDP item belongs to the n-th
 * header that no ICMP error quotes. ICMP and ICMPv6 errors decode the
 * quoted headers inside their own subtree. */

static int item_protocol(const proto_node *node)
{
    const field_info *fi = PNODE_FINFO(node);
    return fi && fi->hfinfo ? fi->hfinfo->id : -1;
}

/* Whether node is the TCP/UDP item of header: then the header takes the
 * item's bytes, which may be a reassembled data source. */
static gboolean take_item(transport_header_t *header, proto_node *node)
{
    const field_info *fi = PNODE_FINFO(node);
    int wanted = header->transport == PORTCLASS_TCP ? proto_tcp : proto_udp;

    if (item_protocol(node) != wanted || !fi->ds_tvb)
        return FALSE;
    header->tvb = fi->ds_tvb;
    header->offset = fi->start;
    return TRUE;
}

/* A quoted header hangs on the ICMP item, and takes its TCP/UDP item's
 * bytes from the ICMP subtree when the item is there. */
static void place_quoted(transport_header_t *header, proto_node *icmp)
{
    header->anchor = icmp;
    for (proto_node *child = icmp->first_child; child; child = child->next) {
        if (take_item(header, child))
            return;
    }
}

static gboolean has_bytes(const proto_node *node)
{
    const field_info *fi = PNODE_FINFO(node);
    return fi && fi->hfinfo && fi->hfinfo->type == FT_PROTOCOL && fi->length > 0 && fi->ds_tvb;
}

void headers_place(proto_tree *tree, transport_header_t *headers, guint count)
{
    guint next = 0; /* the next header that is not quoted */
    proto_node *last_with_bytes = NULL;

    for (proto_node *node = tree->first_child; node; node = node->next) {
        int id = item_protocol(node);
        if (has_bytes(node))
            last_with_bytes = node;
        if (id == proto_icmp || id == proto_icmpv6) {
            for (guint i = 0; i < count; i++) {
                if (headers[i].quoted && !headers[i].anchor)
                    place_quoted(&headers[i], node);
            }
            continue;
        }
        while (next < count && headers[next].quoted)
            next++;
        if (next < count && take_item(&headers[next], node))
            headers[next++].anchor = node;
    }
    /* A header cut off before the TCP/UDP dissector added its item follows
     * the last item with bytes, the IP header before it. */
    for (guint i = 0; i < count; i++) {
        if (!headers[i].anchor && !headers[i].quoted)
            headers[i].anchor = last_with_bytes;
    }
}
