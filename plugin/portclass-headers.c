/* portclass-headers.c - finding every TCP and UDP header of a packet: in
 * the protocol tree where Wireshark put them, and where the tree cannot
 * show them (a header cut off by the capture length, items left out of a
 * tree that is built but not shown).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
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
            refs[(*count)++] = (header_ref_t){.transport = transport, .quoted = in_icmp};
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
static void add_last_header_from_pinfo(proto_tree *tree, const packet_info *pinfo,
                                       header_ref_t *refs, guint *count)
{
    portclass_transport_t transport;
    gboolean quoted;

    if (!last_transport_layer(pinfo, &transport, &quoted))
        return;
    header_ref_t *header = &refs[(*count)++];
    *header = (header_ref_t){
        .anchor = tree->last_child,
        .transport = transport,
        .quoted = quoted,
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

/* When no tree is shown, Wireshark 4.4 and later leave out the quoted
 * headers' items, but the ICMP item is there: find the quoted TCP/UDP
 * header behind its 8-byte header and the quoted IP header. */
static void add_quoted_header_from_bytes(header_ref_t *refs, guint *count, proto_item *icmp_item)
{
    const field_info *fi = PNODE_FINFO(icmp_item);
    tvbuff_t *tvb = fi->ds_tvb;
    gint ip = fi->start + 8;
    gint transport_offset;
    guint8 next_proto;

    if (!tvb || !tvb_bytes_exist(tvb, fi->start, 1) || !tvb_bytes_exist(tvb, ip, 1) ||
        !icmp_type_quotes(fi->hfinfo->id, portclass_tvb_get_u8(tvb, fi->start)))
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
    if (next_proto == 6)
        add_header_at(refs, count, icmp_item, tvb, transport_offset, PORTCLASS_TCP, TRUE);
    else if (next_proto == 17)
        add_header_at(refs, count, icmp_item, tvb, transport_offset, PORTCLASS_UDP, TRUE);
}

/* Every protocol's item is a top-level item of the tree, in the order the
 * protocols were decoded, so outer headers of a tunnel come before inner
 * ones. ICMP and ICMPv6 errors are the exception: they decode the quoted
 * IP and TCP/UDP headers inside their own subtree. Returns the count. */
static guint collect_headers(proto_tree *tree, header_ref_t *refs)
{
    guint count = 0;

    for (proto_node *node = tree->first_child; node; node = node->next) {
        const field_info *fi = PNODE_FINFO(node);

        if (add_header_item(refs, &count, node, fi, FALSE) || !is_icmp_error_container(fi))
            continue;
        guint before = count;
        for (proto_node *child = node->first_child; child; child = child->next)
            add_header_item(refs, &count, node, PNODE_FINFO(child), TRUE);
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
    if (before) {
        const field_info *fi = PNODE_FINFO(before);
        add_header_at(refs, count, before, fi->ds_tvb, fi->start + fi->length, transport, FALSE);
    }
}

/* Every TCP/UDP header of the packet, outermost first: from the tree, then
 * the ones the tree cannot show (cut off, or left out of an unseen tree). */
guint headers_collect(proto_tree *tree, const packet_info *pinfo, header_ref_t *refs)
{
    guint count = 0;

#if PORTCLASS_UNSEEN_TREES_DROP_PROTOCOLS
    if (!PTREE_DATA(tree)->visible && collect_headers_from_port_items(tree, pinfo, refs, &count))
        return count;
#endif
    count = collect_headers(tree, refs);
    add_cut_off_header(tree, pinfo, refs, &count);
    if (count == 0 && !PTREE_DATA(tree)->visible)
        add_last_header_from_pinfo(tree, pinfo, refs, &count);
    return count;
}
