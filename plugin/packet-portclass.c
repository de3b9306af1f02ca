/* packet-portclass.c - the Wireshark glue of portclass: registration of the
 * protocol and its fields, and the post-dissector that turns each TCP/UDP
 * header of a packet into a subtree.
 *
 * Where the class is decided: portclass_classify() (include/portclass/class.h).
 * Where the headers are found: headers_collect() (portclass-headers.c).
 * Where the tree is built: annotate_header() below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include <wireshark.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-portclass.h"
#include "portclass-headers.h"
#include "portclass-services.h"
#include "portclass/class.h"
#include "portclass/registry.h"

#define PORTCLASS_PROTOCOL_NAME "Port Classification"

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

/* The fields of one side (source or destination) of a header. */
typedef struct {
    const int *hf_port;
    const int *hf_class;
    const int *hf_service;
    const int *hf_description;
    const int *hf_iana_name;
} side_fields_t;

static const side_fields_t src_fields = {
    .hf_port = &hf_portclass_src_port,
    .hf_class = &hf_portclass_src_class,
    .hf_service = &hf_portclass_src_service,
    .hf_description = &hf_portclass_src_description,
    .hf_iana_name = &hf_portclass_src_iana_name,
};

static const side_fields_t dst_fields = {
    .hf_port = &hf_portclass_dst_port,
    .hf_class = &hf_portclass_dst_class,
    .hf_service = &hf_portclass_dst_service,
    .hf_description = &hf_portclass_dst_description,
    .hf_iana_name = &hf_portclass_dst_iana_name,
};

/* What is known of one port, looked up once per header side. */
typedef struct {
    guint16 port;
    gint offset; /* of the port in the header's tvb */
    portclass_class_t cls;
    portclass_service_t service;
} port_facts_t;

/* ---- Building the tree -------------------------------------------------- */

static port_facts_t port_facts(const header_ref_t *header, guint side)
{
    guint16 port = header->ports[side];
    port_facts_t facts = {
        .port = port,
        .offset = header->offset + 2 * (gint)side,
        .cls = portclass_classify(port),
        .service = service_data_lookup(header->transport, port),
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

/* The details of a port are hidden fields: filters, columns and -e read
 * them, while the tree shows them once, in the port's own line. */
static void add_hidden_string(proto_tree *tree, int hf, const span_t *span, const char *value)
{
    if (value)
        proto_item_set_hidden(
            proto_tree_add_string(tree, hf, span->tvb, span->offset, span->length, value));
}

/* Item labels are built by plain concatenation: on a shown tree they are
 * made for every packet, and printf-style formatting costs several times
 * as much. */
typedef struct {
    char *buf;
    gsize size;
    gsize len;
} label_t;

static void label_add(label_t *label, const char *text)
{
    if (text && label->len + 1 < label->size)
        label->len += g_strlcpy(label->buf + label->len, text, label->size - label->len);
    label->len = MIN(label->len, label->size - 1);
}

static void label_add_port(label_t *label, guint16 port)
{
    char digits[6];
    int i = (int)sizeof digits - 1;

    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + port % 10);
        port /= 10;
    } while (port);
    label_add(label, digits + i);
}

/* "443, well-known (0-1023): HTTPS, encrypted web browsing (HTTP over TLS)
 * (IANA: https, "http protocol over TLS/SSL")", the text of a port's line. */
static void format_port_line(label_t *label, const port_facts_t *facts)
{
    const portclass_service_t *service = &facts->service;
    const char *name = portclass_service_name(service);
    const char *description = portclass_service_description(service);
    const char *iana_name = portclass_service_iana_name(service);

    label_add_port(label, facts->port);
    label_add(label, ", ");
    label_add(label, portclass_class_label(facts->cls));
    if (name) {
        label_add(label, ": ");
        label_add(label, name);
    }
    if (description) {
        label_add(label, ", ");
        label_add(label, description);
    }
    if (service->curated && iana_name) {
        label_add(label, " (IANA: ");
        label_add(label, iana_name);
        if (service->iana->description) {
            label_add(label, ", \"");
            label_add(label, service->iana->description);
            label_add(label, "\"");
        }
        label_add(label, ")");
    }
}

/* Adds "Source port: 52144, dynamic/private (49152-65535)" and its fields. */
static void add_side(proto_tree *tree, const side_fields_t *fields, const header_ref_t *header,
                     const port_facts_t *facts)
{
    const char *name = portclass_service_name(&facts->service);
    const char *class_name = portclass_class_name(facts->cls);
    const span_t span = {header->tvb, header->tvb ? facts->offset : 0, header->tvb ? 2 : 0};
    proto_item *port_item;

    if (PTREE_DATA(tree)->visible) {
        char line[ITEM_LABEL_LENGTH];
        label_t label = {line, sizeof line, 0};
        format_port_line(&label, facts);
        port_item = proto_tree_add_uint_format_value(tree, *fields->hf_port, span.tvb, span.offset,
                                                     span.length, facts->port, "%s", line);
    } else {
        port_item = proto_tree_add_uint(tree, *fields->hf_port, span.tvb, span.offset, span.length,
                                        facts->port);
    }
    proto_item_set_generated(port_item);

    add_hidden_string(tree, *fields->hf_class, &span, class_name);
    add_hidden_string(tree, *fields->hf_service, &span, name);
    add_hidden_string(tree, *fields->hf_description, &span,
                      portclass_service_description(&facts->service));
    add_hidden_string(tree, *fields->hf_iana_name, &span,
                      portclass_service_iana_name(&facts->service));
    /* Either-side fields, like tcp.port. */
    proto_item_set_hidden(proto_tree_add_uint(tree, hf_portclass_port, span.tvb, span.offset,
                                              span.length, facts->port));
    add_hidden_string(tree, hf_portclass_class, &span, class_name);
    add_hidden_string(tree, hf_portclass_service, &span, name);
}

/* "52144 (dynamic)" or "443 (well-known, HTTPS)", a side of the summary. */
static void format_side_summary(label_t *label, const header_ref_t *header, guint side,
                                const port_facts_t *facts)
{
    if (header->n_ports <= side) {
        label_add(label,
                  side == 0 ? "[source port not captured]" : "[destination port not captured]");
        return;
    }
    const char *name = portclass_service_name(&facts->service);
    label_add_port(label, facts->port);
    label_add(label, " (");
    label_add(label, portclass_class_name(facts->cls));
    if (name) {
        label_add(label, ", ");
        label_add(label, name);
    }
    label_add(label, ")");
}

/* Adds the subtree's top item, "Port Classification: 52144 (dynamic) -> 443
 * (well-known, HTTPS)", right after the header it is about. */
static proto_item *add_summary(proto_tree *tree, const header_ref_t *header,
                               const port_facts_t *src, const port_facts_t *dst)
{
    gint offset = header->tvb ? header->offset : 0;
    gint length = header->tvb ? 2 * (gint)header->n_ports : 0;
    proto_item *item;

    if (PTREE_DATA(tree)->visible) {
        char text[ITEM_LABEL_LENGTH];
        label_t label = {text, sizeof text, 0};
        label_add(&label, PORTCLASS_PROTOCOL_NAME ": ");
        format_side_summary(&label, header, 0, src);
        label_add(&label, " -> ");
        format_side_summary(&label, header, 1, dst);
        if (header->quoted)
            label_add(&label, " [quoted in an ICMP error]");
        item = proto_tree_add_protocol_format(tree, proto_portclass, header->tvb, offset, length,
                                              "%s", text);
    } else {
        item = proto_tree_add_item(tree, proto_portclass, header->tvb, offset, length, ENC_NA);
    }
    proto_item_set_generated(item);
    if (header->anchor)
        proto_tree_move_item(tree, header->anchor, item);
    return item;
}

/* Adds one "Port Classification" subtree for a header, with the ports that
 * the capture holds: a truncated header gets what can be read. */
static void annotate_header(proto_tree *tree, const header_ref_t *header)
{
    port_facts_t src = {0}, dst = {0};

    if (header->n_ports >= 1)
        src = port_facts(header, 0);
    if (header->n_ports >= 2)
        dst = port_facts(header, 1);

    proto_item *item = add_summary(tree, header, &src, &dst);
    proto_tree *pc_tree = proto_item_add_subtree(item, ett_portclass);
    proto_item_set_generated(proto_tree_add_string(pc_tree, hf_portclass_transport, NULL, 0, 0,
                                                   portclass_transport_name(header->transport)));
    if (header->n_ports >= 1)
        add_side(pc_tree, &src_fields, header, &src);
    if (header->n_ports >= 2)
        add_side(pc_tree, &dst_fields, header, &dst);
    /* For scripts portclass.quoted is always there; the tree shows it only
     * when true. */
    proto_item *quoted =
        proto_tree_add_boolean(pc_tree, hf_portclass_quoted, NULL, 0, 0, header->quoted);
    proto_item_set_generated(quoted);
    if (!header->quoted)
        proto_item_set_hidden(quoted);
}

/* Whether anyone wants our items: the tree is shown, or a filter, column or
 * -e field names portclass or one of its fields (that marks the protocol
 * as referenced). proto_field_is_referenced() is not used: it also says yes
 * whenever the tree keeps every protocol item, as under tshark -T fields. */
static gboolean portclass_asked(proto_tree *tree)
{
    return PTREE_DATA(tree)->visible ||
           proto_registrar_get_nth(proto_portclass)->ref_type != HF_REF_TYPE_NONE;
}

/* The post-dissector. Without a tree, or with a tree in which nobody asked
 * for a portclass field, there is nothing to show: return at once so that
 * plain "tshark -r" pays almost nothing. */
static int dissect_portclass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    header_ref_t headers[PORTCLASS_MAX_HEADERS];

    if (!tree)
        return 0;
    gboolean asked = portclass_asked(tree);
    if (!PTREE_DATA(tree)->visible)
        headers_want_port_items(asked);
    if (!asked)
        return 0;

    guint count = headers_collect(tree, pinfo, headers);
    for (guint i = 0; i < count; i++)
        annotate_header(tree, &headers[i]);
    return (int)tvb_captured_length(tvb);
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
    static gint *ett[] = {&ett_portclass};

    proto_portclass = proto_register_protocol(PORTCLASS_PROTOCOL_NAME, "PortClass", "portclass");
    proto_register_field_array(proto_portclass, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    service_data_register();
}

void proto_reg_handoff_portclass(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_portclass, proto_portclass);

    headers_init(proto_portclass, handle);
    register_postdissector(handle);
}
