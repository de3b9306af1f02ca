/* portclass-anchors.c - where each header's subtree goes in a shown tree.
 *
 * Every protocol's item is a top-level item of the tree, in the order the
 * protocols were decoded, so the n-th TCP/UDP item belongs to the n-th
 * header that no ICMP error quotes. ICMP and ICMPv6 errors decode the
 * quoted headers inside their own subtree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass-compat.h"

#include <epan/packet.h>
#include <epan/proto.h>

#include "portclass-anchors.h"

static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

void anchors_init(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

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
    int id = item_protocol(node);
    portclass_transport_t transport = id == proto_tcp ? PORTCLASS_TCP : PORTCLASS_UDP;

    if ((id != proto_tcp && id != proto_udp) || transport != header->transport || !fi->ds_tvb)
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

void anchors_place(proto_tree *tree, transport_header_t *refs, guint count)
{
    guint next = 0; /* the next header that is not quoted */
    proto_node *last_with_bytes = NULL;

    for (proto_node *node = tree->first_child; node; node = node->next) {
        int id = item_protocol(node);
        if (has_bytes(node))
            last_with_bytes = node;
        if (id == proto_icmp || id == proto_icmpv6) {
            for (guint i = 0; i < count; i++) {
                if (refs[i].quoted && !refs[i].anchor)
                    place_quoted(&refs[i], node);
            }
            continue;
        }
        while (next < count && refs[next].quoted)
            next++;
        if (next < count && take_item(&refs[next], node))
            refs[next++].anchor = node;
    }
    /* A header cut off before the TCP/UDP dissector added its item follows
     * the last item with bytes, the IP header before it. */
    for (guint i = 0; i < count; i++) {
        if (!refs[i].anchor && !refs[i].quoted)
            refs[i].anchor = last_with_bytes;
    }
}
