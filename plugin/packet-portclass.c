/* packet-portclass.c - the Wireshark glue of portclass: registration of the
 * protocol and its fields, service data loading at start-up, and the
 * post-dissector that turns each TCP/UDP header of a packet into a subtree.
 *
 * Where the class is decided: portclass_classify() (include/portclass/class.h).
 * Where the tree is built: annotate_header() below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include <wireshark.h>

#include <errno.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <wsutil/filesystem.h>

#include "curated-data.h"
#include "packet-portclass.h"
#include "portclass-compat.h"
#include "portclass/class.h"
#include "portclass/load.h"
#include "portclass/registry.h"

/* Environment variable naming another IANA services file (tests use it). */
#define PORTCLASS_SERVICES_ENV "PORTCLASS_SERVICES_FILE"

/* More TCP/UDP headers than this in one packet are not annotated. */
#define MAX_HEADERS_PER_PACKET 16

static int proto_portclass = -1;

static int hf_portclass_transport = -1;
static int hf_portclass_quoted = -1;
static int hf_portclass_src_port = -1;
static int hf_portclass_src_class = -1;
static int hf_portclass_src_service = -1;
static int hf_portclass_src_description = -1;
static int hf_portclass_src_iana_name = -1;
static int hf_portclass_dst_port = -1;
static int hf_portclass_dst_class = -1;
static int hf_portclass_dst_service = -1;
static int hf_portclass_dst_description = -1;
static int hf_portclass_dst_iana_name = -1;
static int hf_portclass_port = -1;
static int hf_portclass_class = -1;
static int hf_portclass_service = -1;

static gint ett_portclass = -1;
static gint ett_portclass_src = -1;
static gint ett_portclass_dst = -1;

/* Foreign protocols, resolved once in handoff. */
static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int hf_tcp_srcport = -1;
static int hf_udp_srcport = -1;

static dissector_handle_t portclass_handle;

static portclass_table_t *curated_services;
static portclass_table_t *iana_services;

/* The fields of one side (source or destination) of a header. */
typedef struct {
    const int *hf_port;
    const int *hf_class;
    const int *hf_service;
    const int *hf_description;
    const int *hf_iana_name;
    const gint *ett;
} side_fields_t;

static const side_fields_t src_fields = {
    .hf_port = &hf_portclass_src_port,
    .hf_class = &hf_portclass_src_class,
    .hf_service = &hf_portclass_src_service,
    .hf_description = &hf_portclass_src_description,
    .hf_iana_name = &hf_portclass_src_iana_name,
    .ett = &ett_portclass_src,
};

static const side_fields_t dst_fields = {
    .hf_port = &hf_portclass_dst_port,
    .hf_class = &hf_portclass_dst_class,
    .hf_service = &hf_portclass_dst_service,
    .hf_description = &hf_portclass_dst_description,
    .hf_iana_name = &hf_portclass_dst_iana_name,
    .ett = &ett_portclass_dst,
};

/* What is known of one port, looked up once per header side. */
typedef struct {
    guint16 port;
    gint offset; /* of the port in the header's tvb */
    portclass_class_t cls;
    portclass_service_t service;
} port_facts_t;

/* One TCP or UDP header of the packet. */
typedef struct {
    proto_item *anchor; /* top-level item our subtree follows */
    tvbuff_t *tvb;      /* data source holding the header; NULL if unknown */
    gint offset;        /* start of the header in tvb */
    portclass_transport_t transport;
    gboolean quoted;  /* inside an ICMP/ICMPv6 error */
    guint n_ports;    /* ports captured: 0, 1 (source only) or 2 */
    guint16 ports[2]; /* source, destination */
} header_ref_t;

/* ---- Service data ---------------------------------------------------- */

static void report_load_problems(const portclass_load_report_t *report, const char *source)
{
    char *problems = portclass_load_report_problems(report, source);

    if (problems)
        ws_log(WS_LOG_DOMAIN, LOG_LEVEL_WARNING, "%s", problems);
    g_free(problems);
}

static void load_curated_services(void)
{
    portclass_load_report_t report = {0};

    curated_services = portclass_table_new();
    portclass_load_curated_text(curated_services, portclass_curated_data,
                                portclass_curated_data_len, &report);
    report_load_problems(&report, "built-in service data");
}

static void load_iana_file(const char *path)
{
    portclass_load_report_t report = {0};
    GError *error = NULL;

    if (!portclass_load_iana_file(iana_services, path, &report, &error)) {
        ws_log(WS_LOG_DOMAIN, LOG_LEVEL_WARNING,
               "cannot read the IANA service registry (%s); only the built-in services are "
               "named",
               error->message);
        g_error_free(error);
        return;
    }
    report_load_problems(&report, path);
}

#if PORTCLASS_HAVE_COMPILED_IN_SERVICES
/* Reads the registry compiled into Wireshark through a temporary file, in the
 * format of "tshark -G services". */
static void load_compiled_in_registry(void)
{
    portclass_load_report_t report = {0};
    FILE *dump = tmpfile();
    GString *text = g_string_new(NULL);
    char chunk[8192];
    size_t n;

    if (!dump) {
        ws_log(WS_LOG_DOMAIN, LOG_LEVEL_WARNING,
               "cannot read Wireshark's IANA service registry (no temporary file: %s); only "
               "the built-in services are named",
               g_strerror(errno));
        g_string_free(text, TRUE);
        return;
    }
    global_services_dump(dump);
    rewind(dump);
    while ((n = fread(chunk, 1, sizeof chunk, dump)) > 0)
        g_string_append_len(text, chunk, (gssize)n);
    fclose(dump);

    portclass_load_iana_text(iana_services, text->str, text->len, &report);
    report_load_problems(&report, "Wireshark's IANA service registry");
    g_string_free(text, TRUE);
}
#endif

/* A missing or broken registry costs the IANA names only: the curated layer
 * still answers for the common services. PORTCLASS_SERVICES_FILE names a
 * file to read instead of Wireshark's own copy. */
static void load_iana_services(void)
{
    const char *override = g_getenv(PORTCLASS_SERVICES_ENV);

    iana_services = portclass_table_new();
    if (override && *override) {
        load_iana_file(override);
        return;
    }
#if PORTCLASS_HAVE_COMPILED_IN_SERVICES
    load_compiled_in_registry();
#else
    char *path = get_datafile_path("services");
    load_iana_file(path);
    g_free(path);
#endif
}

/* Loads the IANA table on the first file opened, not at start-up, so that
 * "tshark -G" and friends do not pay for it. */
static void portclass_init(void)
{
    if (!iana_services)
        load_iana_services();
}

static void portclass_shutdown(void)
{
    portclass_table_free(iana_services);
    portclass_table_free(curated_services);
    iana_services = NULL;
    curated_services = NULL;
}

/* ---- Finding the headers ---------------------------------------------- */

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
    if (*count >= MAX_HEADERS_PER_PACKET)
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
        } else if (*count < MAX_HEADERS_PER_PACKET) {
            /* Cut off before its ports were read: the transport is known. */
            refs[(*count)++] = (header_ref_t){.transport = transport, .quoted = in_icmp};
        }
    }
    return TRUE;
}

/* Asks Wireshark to keep the source port items in unseen trees from the
 * next packet on, while someone asks for portclass fields in such trees;
 * stops asking as soon as nobody does, so that no tree is forced. */
static void want_port_items(gboolean wanted)
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
    set_postdissector_wanted_hfids(portclass_handle, hfids);
    port_items_wanted = wanted;
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
        if (proto_id != proto_portclass)
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
static guint collect_all_headers(proto_tree *tree, const packet_info *pinfo, header_ref_t *refs)
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

/* ---- Building the tree -------------------------------------------------- */

static port_facts_t port_facts(const header_ref_t *header, guint side)
{
    guint16 port = header->ports[side];
    port_facts_t facts = {
        .port = port,
        .offset = header->offset + 2 * (gint)side,
        .cls = portclass_classify(port),
        .service =
            portclass_service_lookup(curated_services, iana_services, header->transport, port),
    };
    return facts;
}

/* The bytes a port item highlights: the port in its header, or none when the
 * header's bytes are not at hand. */
typedef struct {
    tvbuff_t *tvb;
    gint offset;
    gint length;
} span_t;

static void add_generated_string(proto_tree *tree, int hf, const span_t *span, const char *value)
{
    if (value)
        proto_item_set_generated(
            proto_tree_add_string(tree, hf, span->tvb, span->offset, span->length, value));
}

/* Adds "Source port: 52144, dynamic/private (49152-65535)" and its details. */
static void add_side(proto_tree *tree, const side_fields_t *fields, const header_ref_t *header,
                     const port_facts_t *facts)
{
    const char *name = portclass_service_name(&facts->service);
    const char *description = portclass_service_description(&facts->service);
    const char *iana_name = portclass_service_iana_name(&facts->service);
    const char *class_name = portclass_class_name(facts->cls);
    const span_t span = {header->tvb, header->tvb ? facts->offset : 0, header->tvb ? 2 : 0};

    proto_item *port_item = proto_tree_add_uint_format_value(
        tree, *fields->hf_port, span.tvb, span.offset, span.length, facts->port, "%u, %s",
        facts->port, portclass_class_label(facts->cls));
    proto_item_set_generated(port_item);
    /* proto_item_append_text() formats nothing unless the tree is shown. */
    if (name)
        proto_item_append_text(port_item, ": %s", name);
    if (description)
        proto_item_append_text(port_item, ", %s", description);
    if (facts->service.curated && iana_name) {
        proto_item_append_text(port_item, " (IANA: %s", iana_name);
        if (facts->service.iana->description)
            proto_item_append_text(port_item, ", \"%s\"", facts->service.iana->description);
        proto_item_append_text(port_item, ")");
    }

    proto_tree *side_tree = proto_item_add_subtree(port_item, *fields->ett);
    add_generated_string(side_tree, *fields->hf_class, &span, class_name);
    add_generated_string(side_tree, *fields->hf_service, &span, name);
    add_generated_string(side_tree, *fields->hf_description, &span, description);
    add_generated_string(side_tree, *fields->hf_iana_name, &span, iana_name);

    /* Either-side fields, like tcp.port. */
    proto_item_set_hidden(proto_tree_add_uint(side_tree, hf_portclass_port, span.tvb, span.offset,
                                              span.length, facts->port));
    proto_item_set_hidden(proto_tree_add_string(side_tree, hf_portclass_class, span.tvb,
                                                span.offset, span.length, class_name));
    if (name)
        proto_item_set_hidden(proto_tree_add_string(side_tree, hf_portclass_service, span.tvb,
                                                    span.offset, span.length, name));
}

/* Appends "52144 (dynamic)" or "443 (well-known, HTTPS)" to the summary. */
static void append_side_summary(proto_item *item, const port_facts_t *facts)
{
    const char *name = portclass_service_name(&facts->service);

    proto_item_append_text(item, "%u (%s%s%s)", facts->port, portclass_class_name(facts->cls),
                           name ? ", " : "", name ? name : "");
}

/* Adds one "Port Classification" subtree for a header, with the ports that
 * the capture holds: a truncated header gets what can be read. */
static void annotate_header(proto_tree *tree, const header_ref_t *header)
{
    port_facts_t src = {0}, dst = {0};
    gint length = header->tvb ? 2 * (gint)header->n_ports : 0;

    if (header->n_ports >= 1)
        src = port_facts(header, 0);
    if (header->n_ports >= 2)
        dst = port_facts(header, 1);

    proto_item *item = proto_tree_add_item(tree, proto_portclass, header->tvb,
                                           header->tvb ? header->offset : 0, length, ENC_NA);
    proto_item_set_generated(item);
    if (header->anchor)
        proto_tree_move_item(tree, header->anchor, item);
    proto_item_append_text(item, ": ");
    if (header->n_ports >= 1)
        append_side_summary(item, &src);
    else
        proto_item_append_text(item, "[source port not captured]");
    proto_item_append_text(item, " -> ");
    if (header->n_ports >= 2)
        append_side_summary(item, &dst);
    else
        proto_item_append_text(item, "[destination port not captured]");
    if (header->quoted)
        proto_item_append_text(item, " [quoted in an ICMP error]");

    proto_tree *pc_tree = proto_item_add_subtree(item, ett_portclass);
    proto_item_set_generated(proto_tree_add_string(pc_tree, hf_portclass_transport, NULL, 0, 0,
                                                   portclass_transport_name(header->transport)));
    if (header->n_ports >= 1)
        add_side(pc_tree, &src_fields, header, &src);
    if (header->n_ports >= 2)
        add_side(pc_tree, &dst_fields, header, &dst);
    proto_item *quoted =
        proto_tree_add_boolean(pc_tree, hf_portclass_quoted, NULL, 0, 0, header->quoted);
    proto_item_set_generated(quoted);
    /* Always there for scripts (-e portclass.quoted), shown only when true. */
    if (!header->quoted)
        proto_item_set_hidden(quoted);
}

/* The post-dissector. Without a tree, or with a tree in which nobody asked
 * for a portclass field, there is nothing to show: return at once so that
 * plain "tshark -r" pays almost nothing. */
static int dissect_portclass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    header_ref_t headers[MAX_HEADERS_PER_PACKET];

    if (!tree)
        return 0;
    gboolean asked = proto_field_is_referenced(tree, proto_portclass);
#if PORTCLASS_UNSEEN_TREES_DROP_PROTOCOLS
    if (!PTREE_DATA(tree)->visible)
        want_port_items(asked);
#endif
    if (!asked)
        return 0;

    guint count = collect_all_headers(tree, pinfo, headers);
    for (guint i = 0; i < count; i++)
        annotate_header(tree, &headers[i]);
    return tvb_captured_length(tvb);
}

/* ---- Registration ------------------------------------------------------- */

void proto_register_portclass(void)
{
    static hf_register_info hf[] = {
        {&hf_portclass_transport,
         {"Transport", "portclass.transport", FT_STRING, BASE_NONE, NULL, 0x0,
          "The transport protocol of this header: TCP or UDP.", HFILL}},
        {&hf_portclass_quoted,
         {"Quoted in ICMP error", "portclass.quoted", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "True when this header is the one quoted inside an ICMP or ICMPv6 error message.",
          HFILL}},
        {&hf_portclass_src_port,
         {"Source port", "portclass.src.port", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The source port of this TCP or UDP header.", HFILL}},
        {&hf_portclass_src_class,
         {"Class", "portclass.src.class", FT_STRING, BASE_NONE, NULL, 0x0,
          "The IANA class of the source port: well-known (0-1023), registered (1024-49151) or "
          "dynamic (49152-65535).",
          HFILL}},
        {&hf_portclass_src_service,
         {"Service", "portclass.src.service", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service assigned to the source port for this transport, by its common name; "
          "absent when the port has no assignment.",
          HFILL}},
        {&hf_portclass_src_description,
         {"Description", "portclass.src.description", FT_STRING, BASE_NONE, NULL, 0x0,
          "A plain-language description of the service assigned to the source port.", HFILL}},
        {&hf_portclass_src_iana_name,
         {"IANA name", "portclass.src.iana_name", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service name that the IANA registry gives the source port for this transport.",
          HFILL}},
        {&hf_portclass_dst_port,
         {"Destination port", "portclass.dst.port", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The destination port of this TCP or UDP header.", HFILL}},
        {&hf_portclass_dst_class,
         {"Class", "portclass.dst.class", FT_STRING, BASE_NONE, NULL, 0x0,
          "The IANA class of the destination port: well-known (0-1023), registered "
          "(1024-49151) or dynamic (49152-65535).",
          HFILL}},
        {&hf_portclass_dst_service,
         {"Service", "portclass.dst.service", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service assigned to the destination port for this transport, by its common "
          "name; absent when the port has no assignment.",
          HFILL}},
        {&hf_portclass_dst_description,
         {"Description", "portclass.dst.description", FT_STRING, BASE_NONE, NULL, 0x0,
          "A plain-language description of the service assigned to the destination port.", HFILL}},
        {&hf_portclass_dst_iana_name,
         {"IANA name", "portclass.dst.iana_name", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service name that the IANA registry gives the destination port for this "
          "transport.",
          HFILL}},
        {&hf_portclass_port,
         {"Source or Destination Port", "portclass.port", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Either port of this TCP or UDP header; a hidden field for filters, like tcp.port.",
          HFILL}},
        {&hf_portclass_class,
         {"Source or Destination Class", "portclass.class", FT_STRING, BASE_NONE, NULL, 0x0,
          "The IANA class of either port of this header; a hidden field for filters.", HFILL}},
        {&hf_portclass_service,
         {"Source or Destination Service", "portclass.service", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service assigned to either port of this header; a hidden field for filters.",
          HFILL}},
    };
    static gint *ett[] = {&ett_portclass, &ett_portclass_src, &ett_portclass_dst};

    proto_portclass = proto_register_protocol("Port Classification", "PortClass", "portclass");
    proto_register_field_array(proto_portclass, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    load_curated_services();
    register_init_routine(portclass_init);
    register_shutdown_routine(portclass_shutdown);
}

void proto_reg_handoff_portclass(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");

    hf_tcp_srcport = proto_registrar_get_id_byname("tcp.srcport");
    hf_udp_srcport = proto_registrar_get_id_byname("udp.srcport");

    portclass_handle = create_dissector_handle(dissect_portclass, proto_portclass);
    register_postdissector(portclass_handle);
}
