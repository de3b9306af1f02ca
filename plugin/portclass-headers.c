/* portclass-headers.c - finding every TCP and UDP header of a packet: in
 * the protocol tree where Wireshark put them, and where the tree cannot
 * show them (a header cut off by the capture length, items left out of a
 * tree that is built but not shown).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include "portclass-compat.h"
#include "portclass-headers.h"

/* Protocols and fields of other dissectors, resolved once. */
static int proto_self = -1;
static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int proto_ip = -1;
static int proto_ipv6 = -1;
static int hf_tcp_srcport = -1;
static int hf_udp_srcport = -1;
static dissector_handle_t self_handle;

void headers_init(int self_proto, dissector_handle_t self)
{
    proto_self = self_proto;
    self_handle = self;
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    proto_ip = proto_get_id_by_filter_name("ip");
    proto_ipv6 = proto_get_id_by_filter_name("ipv6");
    hf_tcp_srcport = proto_registrar_get_id_byname("tcp.srcport");
    hf_udp_srcport = proto_registrar_get_id_byname("udp.srcport");
}

static gboolean transport_of(const field_info *fi, portclass_transport_t *transport)
{
    if (!fi || !fi->hfinfo || !fi->ds_tvb)
        return FALSE;
    if (fi->hfinfo->id == proto_tcp)
        *transport = PORTCLASS_TCP;
    else if (fi->hfinfo->id == proto_udp)
        *transport = PORTCLASS_UDP;
    else
        return FALSE;
    return TRUE;
}

static gboolean is_icmp_error_container(const field_info *fi)
{
    return fi && fi->hfinfo && (fi->hfinfo->id == proto_icmp || fi->hfinfo->id == proto_icmpv6);
}

/* Reads the ports of a header from its bytes, as far as they were captured. */
static void read_ports(header_ref_t *header)
{
    gint captured = tvb_captured_length_remaining(header->tvb, header->offset);

    header->n_ports = captured >= 4 ? 2 : captured >= 2 ? 1 : 0;
    for (guint i = 0; i < header->n_ports; i++)
        header->ports[i] = tvb_get_ntohs(header->tvb, header->offset + 2 * (gint)i);
    if (header->transport == PORTCLASS_TCP && captured >= 14) {
        header->tcp_flags_known = TRUE;
        header->tcp_flags = portclass_tvb_get_u8(header->tvb, header->offset + 13);
    }
}

/* Points the header's addresses at those of the IPv4 or IPv6 header that
 * starts at ip in tvb, if it was captured that far. */
static void read_ip_addresses(header_ref_t *header, tvbuff_t *tvb, gint ip)
{
    if (!tvb || !tvb_bytes_exist(tvb, ip, 1))
        return;
    guint8 version = portclass_tvb_get_u8(tvb, ip) >> 4;
    if (version == 4 && tvb_bytes_exist(tvb, ip + 12, 8)) {
        set_address_tvb(&header->addresses[0], AT_IPv4, 4, tvb, ip + 12);
        set_address_tvb(&header->addresses[1], AT_IPv4, 4, tvb, ip + 16);
    } else if (version == 6 && tvb_bytes_exist(tvb, ip + 8, 32)) {
        set_address_tvb(&header->addresses[0], AT_IPv6, 16, tvb, ip + 8);
        set_address_tvb(&header->addresses[1], AT_IPv6, 16, tvb, ip + 24);
    }
}

static gboolean is_ip_item(const field_info *fi)
{
    return fi && fi->hfinfo && fi->ds_tvb &&
           (fi->hfinfo->id == proto_ip || fi->hfinfo->id == proto_ipv6);
}

static gboolean add_header_at(header_ref_t *refs, guint *count, proto_item *anchor, tvbuff_t *tvb,
                              gint offset, portclass_transport_t transport, gboolean quoted)
{
    if (*count >= PORTCLASS_MAX_HEADERS)
        return FALSE;
    header_ref_t *header = &refs[(*count)++];
    *header = (header_ref_t){
        .anchor = anchor,
        .tvb = tvb,
        .offset = offset,
        .transport = transport,
        .quoted = quoted,
        .payload_proto = -1,
    };
    read_ports(header);
    return TRUE;
}

static gboolean add_header_item(header_ref_t *refs, guint *count, proto_item *anchor,
                                const field_info *fi, gboolean quoted)
{
    portclass_transport_t transport;

    return transport_of(fi, &transport) &&
           add_header_at(refs, count, anchor, fi->ds_tvb, fi->start, transport, quoted);
}

#if PORTCLASS_UNSEEN_TREES_DROP_PROTOCOLS
/* In an unseen tree of Wireshark 4.6 the TCP/UDP protocol items are left
 * out; the source port items we asked for (see want_port_items()) are kept,
 * and each starts where its header starts. pinfo->layers gives the order of
 * the TCP and UDP headers and which ones an ICMP error quoted; the n-th TCP
 * layer owns the n-th tcp.srcport item. Returns FALSE if the items are not
 * there (the first packet of a run, before Wireshark was asked for them). */
static gboolean collect_headers_from_port_items(proto_tree *tree, const packet_info *pinfo,
                                                header_ref_t *refs, guint *count)
{
    GPtrArray *items[PORTCLASS_N_TRANSPORTS] = {
        proto_get_finfo_ptr_array(tree, hf_tcp_srcport),
        proto_get_finfo_ptr_array(tree, hf_udp_srcport),
    };
    guint used[PORTCLASS_N_TRANSPORTS] = {0, 0};
    gboolean in_icmp = FALSE;

    if (!items[PORTCLASS_TCP] && !items[PORTCLASS_UDP])
        return FALSE;
    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int layer = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (layer == proto_icmp || layer == proto_icmpv6) {
            in_icmp = TRUE;
            continue;
        }
        if (layer != proto_tcp && layer != proto_udp)
            continue;
        portclass_transport_t transport = layer == proto_tcp ? PORTCLASS_TCP : PORTCLASS_UDP;
        GPtrArray *found = items[transport];
        if (found && used[transport] < found->len) {
            const field_info *fi = g_ptr_array_index(found, used[transport]++);
            add_header_at(refs, count, NULL, fi->ds_tvb, fi->start, transport, in_icmp);
        } else if (*count < PORTCLASS_MAX_HEADERS) {
            /* Cut off before its ports were read: the transport is known. */
            refs[(*count)++] =
                (header_ref_t){.transport = transport, .quoted = in_icmp, .payload_proto = -1};
        }
    }
    return TRUE;
}

/* Asks Wireshark to keep the source port items in unseen trees from the
 * next packet on, while someone asks for portclass fields in such trees;
 * stops asking as soon as nobody does, so that no tree is forced. */
void headers_want_port_items(gboolean wanted)
{
    static gboolean port_items_wanted;

    if (wanted == port_items_wanted || hf_tcp_srcport <= 0 || hf_udp_srcport <= 0)
        return;
    GArray *hfids = NULL;
    if (wanted) {
        hfids = g_array_sized_new(FALSE, FALSE, sizeof(int), 2);
        g_array_append_val(hfids, hf_tcp_srcport);
        g_array_append_val(hfids, hf_udp_srcport);
    }
    set_postdissector_wanted_hfids(self_handle, hfids);
    port_items_wanted = wanted;
}
#else
void headers_want_port_items(gboolean wanted _U_)
{
}
#endif

/* Where pinfo->layers says the last TCP or UDP header came in the packet:
 * its transport and whether an ICMP error quoted it. FALSE if none. */
static gboolean last_transport_layer(const packet_info *pinfo, portclass_transport_t *transport,
                                     gboolean *quoted)
{
    gboolean found = FALSE, in_icmp = FALSE;

    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int layer = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (layer == proto_icmp || layer == proto_icmpv6) {
            in_icmp = TRUE;
        } else if (layer == proto_tcp || layer == proto_udp) {
            found = TRUE;
            *transport = layer == proto_tcp ? PORTCLASS_TCP : PORTCLASS_UDP;
            *quoted = in_icmp;
        }
    }
    return found;
}

/* When no tree is shown, Wireshark leaves out items nobody asked for: 4.4
 * the TCP/UDP items that ICMP quotes, 4.6 every protocol's top-level item.
 * Then the last TCP/UDP header dissected is still known from pinfo, where
 * it (and packet-icmp, for a quoted one) leaves its ports. */
static void add_last_header_from_pinfo(const packet_info *pinfo, header_ref_t *refs, guint *count)
{
    portclass_transport_t transport = PORTCLASS_TCP;
    gboolean quoted = FALSE;

    if (!last_transport_layer(pinfo, &transport, &quoted))
        return;
    header_ref_t *header = &refs[(*count)++];
    *header = (header_ref_t){
        .transport = transport,
        .quoted = quoted,
        .payload_proto = -1,
    };
    /* pinfo holds the ports only if that header was read completely. */
    if (pinfo->ptype == (transport == PORTCLASS_TCP ? PT_TCP : PT_UDP)) {
        header->n_ports = 2;
        header->ports[0] = (guint16)pinfo->srcport;
        header->ports[1] = (guint16)pinfo->destport;
    }
}

/* Whether an ICMP or ICMPv6 message of this type quotes the datagram that
 * caused it (destination unreachable, time exceeded and the like). */
static gboolean icmp_type_quotes(int proto_id, guint8 type)
{
    if (proto_id == proto_icmp)
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    return type >= 1 && type <= 4;
}

/* Whether the ICMP (icmp_proto == proto_icmp) or ICMPv6 message of this
 * type and code is a port unreachable. */
static gboolean is_port_unreachable_type(int icmp_proto, guint8 type, guint8 code)
{
    if (icmp_proto == proto_icmp)
        return type == 3 && code == 3;
    return type == 1 && code == 4;
}

/* Adds the TCP/UDP header quoted by the ICMP or ICMPv6 error message that
 * starts at icmp in tvb: behind the message's 8-byte header and the quoted
 * IP header. Nothing when the message quotes nothing or no TCP/UDP. */
static void add_quoted_header_at(header_ref_t *refs, guint *count, proto_item *anchor,
                                 tvbuff_t *tvb, gint icmp, int icmp_proto)
{
    gint ip = icmp + 8;
    gint transport_offset;
    guint8 next_proto;

    if (!tvb || !tvb_bytes_exist(tvb, icmp, 2) || !tvb_bytes_exist(tvb, ip, 1) ||
        !icmp_type_quotes(icmp_proto, portclass_tvb_get_u8(tvb, icmp)))
        return;
    guint8 version = portclass_tvb_get_u8(tvb, ip) >> 4;
    guint8 ipv4_words = portclass_tvb_get_u8(tvb, ip) & 0x0f;
    if (version == 4 && ipv4_words >= 5 && tvb_bytes_exist(tvb, ip + 9, 1)) {
        transport_offset = ip + 4 * ipv4_words;
        next_proto = portclass_tvb_get_u8(tvb, ip + 9);
    } else if (version == 6 && tvb_bytes_exist(tvb, ip + 6, 1)) {
        transport_offset = ip + 40; /* extension headers are not followed */
        next_proto = portclass_tvb_get_u8(tvb, ip + 6);
    } else {
        return;
    }
    if (next_proto != 6 && next_proto != 17)
        return;
    portclass_transport_t transport = next_proto == 6 ? PORTCLASS_TCP : PORTCLASS_UDP;
    if (add_header_at(refs, count, anchor, tvb, transport_offset, transport, TRUE)) {
        header_ref_t *header = &refs[*count - 1];
        read_ip_addresses(header, tvb, ip);
        header->port_unreachable = is_port_unreachable_type(
            icmp_proto, portclass_tvb_get_u8(tvb, icmp), portclass_tvb_get_u8(tvb, icmp + 1));
    }
}

/* When no tree is shown, Wireshark 4.4 and later leave out the quoted
 * headers' items, but the ICMP item is there. */
static void add_quoted_header_from_bytes(header_ref_t *refs, guint *count, proto_item *icmp_item)
{
    const field_info *fi = PNODE_FINFO(icmp_item);

    add_quoted_header_at(refs, count, icmp_item, fi->ds_tvb, fi->start, fi->hfinfo->id);
}

/* Whether the ICMP or ICMPv6 message of this item is a port unreachable. */
static gboolean is_port_unreachable_item(const field_info *icmp)
{
    tvbuff_t *tvb = icmp->ds_tvb;

    return tvb && tvb_bytes_exist(tvb, icmp->start, 2) &&
           is_port_unreachable_type(icmp->hfinfo->id, portclass_tvb_get_u8(tvb, icmp->start),
                                    portclass_tvb_get_u8(tvb, icmp->start + 1));
}

/* Every protocol's item is a top-level item of the tree, in the order the
 * protocols were decoded, so outer headers of a tunnel come before inner
 * ones. ICMP and ICMPv6 errors are the exception: they decode the quoted
 * IP and TCP/UDP headers inside their own subtree. Returns the count. */
static guint collect_headers(proto_tree *tree, header_ref_t *refs)
{
    guint count = 0;
    const field_info *ip = NULL; /* the IP header last seen */

    for (proto_node *node = tree->first_child; node; node = node->next) {
        const field_info *fi = PNODE_FINFO(node);

        if (is_ip_item(fi)) {
            ip = fi;
            continue;
        }
        if (add_header_item(refs, &count, node, fi, FALSE)) {
            if (ip)
                read_ip_addresses(&refs[count - 1], ip->ds_tvb, ip->start);
            continue;
        }
        if (!is_icmp_error_container(fi))
            continue;
        guint before = count;
        const field_info *quoted_ip = NULL;
        for (proto_node *child = node->first_child; child; child = child->next) {
            const field_info *child_fi = PNODE_FINFO(child);
            if (is_ip_item(child_fi)) {
                quoted_ip = child_fi;
            } else if (add_header_item(refs, &count, node, child_fi, TRUE)) {
                if (quoted_ip)
                    read_ip_addresses(&refs[count - 1], quoted_ip->ds_tvb, quoted_ip->start);
                refs[count - 1].port_unreachable = is_port_unreachable_item(fi);
            }
        }
        if (count == before)
            add_quoted_header_from_bytes(refs, &count, node);
    }
    return count;
}

/* Counts the TCP and UDP layers that were dissected in this packet, whether
 * or not they got as far as adding their protocol item; 0 when the packet
 * holds an ICMP error, whose quoted headers collect_headers() handles. */
static guint count_unquoted_transport_layers(const packet_info *pinfo)
{
    guint count = 0;

    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int proto_id = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (proto_id == proto_icmp || proto_id == proto_icmpv6)
            return 0;
        count += proto_id == proto_tcp || proto_id == proto_udp;
    }
    return count;
}

/* The protocol dissected last before the post-dissectors ran (which add
 * themselves to the layers too). */
static int last_dissected_layer(const packet_info *pinfo)
{
    for (wmem_list_frame_t *frame = wmem_list_tail(pinfo->layers); frame;
         frame = wmem_list_frame_prev(frame)) {
        int proto_id = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (proto_id != proto_self)
            return proto_id;
    }
    return -1;
}

/* A header cut off inside its ports makes the TCP/UDP dissector throw before
 * it adds its item. It then starts where the last protocol item with bytes
 * (the IP header before it) ends. */
static void add_cut_off_header(proto_tree *tree, const packet_info *pinfo, header_ref_t *refs,
                               guint *count)
{
    portclass_transport_t transport;

    if (count_unquoted_transport_layers(pinfo) <= *count)
        return;
    int last_layer = last_dissected_layer(pinfo);
    if (last_layer == proto_tcp)
        transport = PORTCLASS_TCP;
    else if (last_layer == proto_udp)
        transport = PORTCLASS_UDP;
    else
        return;

    proto_item *before = NULL;
    for (proto_node *node = tree->first_child; node; node = node->next) {
        const field_info *fi = PNODE_FINFO(node);
        if (fi && fi->hfinfo && fi->hfinfo->type == FT_PROTOCOL && fi->length > 0 && fi->ds_tvb)
            before = node;
    }
    /* Only an IP header can be seen before it: when the tree left the IP
     * item out too (an unseen tree of 4.6), the header is looked for in the
     * frame's bytes instead. */
    const field_info *ip = before ? PNODE_FINFO(before) : NULL;
    if (is_ip_item(ip) &&
        add_header_at(refs, count, before, ip->ds_tvb, ip->start + ip->length, transport, FALSE))
        read_ip_addresses(&refs[*count - 1], ip->ds_tvb, ip->start);
}

/* The last TCP/UDP header dissected is the one pinfo describes: when its
 * addresses were not found in the tree, take pinfo's. */
static void addresses_from_pinfo(header_ref_t *header, const packet_info *pinfo)
{
    port_type ptype = header->transport == PORTCLASS_TCP ? PT_TCP : PT_UDP;

    if (header->addresses[0].type != AT_NONE || header->n_ports < 2 || pinfo->ptype != ptype ||
        pinfo->srcport != header->ports[0] || pinfo->destport != header->ports[1])
        return;
    copy_address_shallow(&header->addresses[0], &pinfo->src);
    copy_address_shallow(&header->addresses[1], &pinfo->dst);
}

/* The protocol that pinfo->layers lists right after each TCP/UDP layer that
 * no ICMP error quoted is what Wireshark decoded on top of that header. */
static void set_payloads(const packet_info *pinfo, header_ref_t *refs, guint count)
{
    guint next_header = 0;

    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int layer = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (layer == proto_icmp || layer == proto_icmpv6)
            return;
        if (layer != proto_tcp && layer != proto_udp)
            continue;
        while (next_header < count && refs[next_header].quoted)
            next_header++;
        if (next_header >= count)
            return;
        wmem_list_frame_t *above = wmem_list_frame_next(frame);
        int payload = above ? GPOINTER_TO_INT(wmem_list_frame_data(above)) : -1;
        if (payload != proto_self && payload != proto_tcp && payload != proto_udp)
            refs[next_header].payload_proto = payload;
        next_header++;
    }
}

/* The protocol pinfo->layers lists right after the last TCP/UDP layer. */
static int payload_of_last_transport(const packet_info *pinfo)
{
    int payload = -1;

    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int layer = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (layer != proto_tcp && layer != proto_udp)
            continue;
        wmem_list_frame_t *above = wmem_list_frame_next(frame);
        payload = above ? GPOINTER_TO_INT(wmem_list_frame_data(above)) : -1;
    }
    return payload == proto_self || payload == proto_tcp || payload == proto_udp ? -1 : payload;
}

/* Where the IPv4 or IPv6 header carrying a transport header that starts at
 * transport begins, found from the bytes before it; -1 if not found. IPv6
 * extension headers are not followed. */
static gint ip_header_before(tvbuff_t *tvb, gint transport, guint8 ip_proto)
{
    for (gint words = 5; words <= 15; words++) {
        gint ip = transport - 4 * words;
        if (ip < 0 || !tvb_bytes_exist(tvb, ip, 20))
            break;
        guint8 first = portclass_tvb_get_u8(tvb, ip);
        if (first >> 4 == 4 && (first & 0x0f) == words &&
            portclass_tvb_get_u8(tvb, ip + 9) == ip_proto)
            return ip;
    }
    gint ip = transport - 40;
    if (ip >= 0 && tvb_bytes_exist(tvb, ip, 40) && portclass_tvb_get_u8(tvb, ip) >> 4 == 6 &&
        portclass_tvb_get_u8(tvb, ip + 6) == ip_proto)
        return ip;
    return -1;
}

/* A header found without the items around it (an unseen tree of 4.6, a
 * cut-off header): reads its addresses, and for a quoted one the ICMP
 * message, from the bytes before it. */
static void complete_from_bytes(header_ref_t *header)
{
    if (!header->tvb || header->addresses[0].type != AT_NONE)
        return;
    guint8 ip_proto = header->transport == PORTCLASS_TCP ? 6 : 17;
    gint ip = ip_header_before(header->tvb, header->offset, ip_proto);
    if (ip < 0)
        return;
    read_ip_addresses(header, header->tvb, ip);
    /* An ICMP error's 8-byte header comes right before the IP header it
     * quotes. */
    if (header->quoted && ip >= 8) {
        int icmp_proto = header->addresses[0].type == AT_IPv4 ? proto_icmp : proto_icmpv6;
        header->port_unreachable =
            is_port_unreachable_type(icmp_proto, portclass_tvb_get_u8(header->tvb, ip - 8),
                                     portclass_tvb_get_u8(header->tvb, ip - 7));
    }
}

/* Every TCP/UDP header of the packet, outermost first: from the tree, then
 * the ones the tree cannot show (cut off, or left out of an unseen tree).
 * When an unseen tree shows none, the last one is found in the frame's
 * bytes (tvb), as without a tree. */
guint headers_collect(proto_tree *tree, tvbuff_t *tvb, const packet_info *pinfo, header_ref_t *refs)
{
    guint count = 0;

#if PORTCLASS_UNSEEN_TREES_DROP_PROTOCOLS
    if (PTREE_DATA(tree)->visible || !collect_headers_from_port_items(tree, pinfo, refs, &count))
#endif
    {
        count = collect_headers(tree, refs);
        add_cut_off_header(tree, pinfo, refs, &count);
        if (count == 0 && !PTREE_DATA(tree)->visible) {
            count = headers_collect_without_tree(tvb, pinfo, refs);
            if (count > 0)
                refs[0].anchor = tree->last_child;
            return count;
        }
    }
    if (count > 0)
        addresses_from_pinfo(&refs[count - 1], pinfo);
    for (guint i = 0; i < count; i++)
        complete_from_bytes(&refs[i]);
    set_payloads(pinfo, refs, count);
    return count;
}

/* A big-endian 16-bit number (pntoh16() was renamed in Wireshark 4.6). */
static guint16 read_u16(const guint8 *bytes)
{
    return (guint16)(bytes[0] << 8 | bytes[1]);
}

/* If an IPv4 or IPv6 header of this version that carries ip_proto starts
 * at ip, returns where its transport header starts; else -1. IPv6
 * extension headers are not followed. */
static gint transport_after_ip(const guint8 *bytes, gint ip, guint version, guint8 ip_proto)
{
    if (bytes[ip] >> 4 != version)
        return -1;
    if (version == 6)
        return bytes[ip + 6] == ip_proto ? ip + 40 : -1;
    guint words = bytes[ip] & 0x0f;
    return words >= 5 && bytes[ip + 9] == ip_proto ? ip + 4 * (gint)words : -1;
}

/* Finds, in the frame's bytes, an IP header of the given version (4 or 6)
 * that carries a header of ip_proto with, if ports is not NULL, those ports
 * and, if addresses is not NULL, those addresses (source, destination). Returns
 * the offset of the IP header and sets *transport_offset, or returns -1. */
static gint find_ip_header(tvbuff_t *tvb, guint version, const address *addresses, guint8 ip_proto,
                           const guint16 ports[2], gint *transport_offset)
{
    gint length = (gint)tvb_captured_length(tvb);
    gint addr_len = version == 4 ? 4 : 16;
    gint addr_at = version == 4 ? 12 : 8; /* offset of the source in the IP header */
    gint min_header = version == 4 ? 20 : 40;

    if (addresses && (addresses[0].len != addr_len || addresses[1].len != addr_len))
        return -1;
    const guint8 *bytes = tvb_get_ptr(tvb, 0, length);
    for (gint ip = 0; ip + min_header + 4 <= length; ip++) {
        gint transport = transport_after_ip(bytes, ip, version, ip_proto);
        if (transport < 0 || transport + 4 > length)
            continue;
        if (ports && (read_u16(bytes + transport) != ports[0] ||
                      read_u16(bytes + transport + 2) != ports[1]))
            continue;
        const guint8 *at = bytes + ip + addr_at;
        if (addresses && (memcmp(at, addresses[0].data, addr_len) != 0 ||
                          memcmp(at + addr_len, addresses[1].data, addr_len) != 0))
            continue;
        *transport_offset = transport;
        return ip;
    }
    return -1;
}

/* pinfo's addresses are those of the last IP header dissected, except that
 * packet-icmp puts back the outer ones after a quoted datagram. */
static guint ip_version_of(const packet_info *pinfo, address *addresses)
{
    copy_address_shallow(&addresses[0], &pinfo->src);
    copy_address_shallow(&addresses[1], &pinfo->dst);
    return pinfo->src.type == AT_IPv4 ? 4 : pinfo->src.type == AT_IPv6 ? 6 : 0;
}

/* The ICMP or ICMPv6 protocol listed in pinfo->layers, or -1. */
static int icmp_layer(const packet_info *pinfo)
{
    for (wmem_list_frame_t *frame = wmem_list_head(pinfo->layers); frame;
         frame = wmem_list_frame_next(frame)) {
        int layer = GPOINTER_TO_INT(wmem_list_frame_data(frame));
        if (layer == proto_icmp || layer == proto_icmpv6)
            return layer;
    }
    return -1;
}

/* Without a tree, the header an ICMP error quotes is found behind the
 * outer IP header, which has pinfo's addresses and carries the ICMP
 * message: some versions do not dissect the quoted datagram then. */
static guint quoted_header_without_tree(tvbuff_t *tvb, const packet_info *pinfo, int icmp_proto,
                                        header_ref_t *refs)
{
    address addresses[2];
    guint version = ip_version_of(pinfo, addresses);
    guint8 ip_proto = icmp_proto == proto_icmp ? 1 : 58;
    gint icmp = 0;
    guint count = 0;

    if (version != 0 && find_ip_header(tvb, version, addresses, ip_proto, NULL, &icmp) >= 0)
        add_quoted_header_at(refs, &count, NULL, tvb, icmp, icmp_proto);
    return count;
}

guint headers_collect_without_tree(tvbuff_t *tvb, const packet_info *pinfo, header_ref_t *refs)
{
    int icmp_proto = icmp_layer(pinfo);
    if (icmp_proto > 0)
        return quoted_header_without_tree(tvb, pinfo, icmp_proto, refs);

    guint count = 0;
    add_last_header_from_pinfo(pinfo, refs, &count);
    if (count == 0 || refs[0].n_ports < 2)
        return count;
    header_ref_t *header = &refs[0];
    guint version = ip_version_of(pinfo, header->addresses);
    guint8 ip_proto = header->transport == PORTCLASS_TCP ? 6 : 17;
    gint transport = 0;
    gint ip = version ? find_ip_header(tvb, version, header->addresses, ip_proto, header->ports,
                                       &transport)
                      : -1;
    if (ip < 0)
        return count;
    header->tvb = tvb;
    header->offset = transport;
    read_ports(header);
    read_ip_addresses(header, tvb, ip);
    header->payload_proto = payload_of_last_transport(pinfo);
    return count;
}
