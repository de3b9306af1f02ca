/* packet-portclass.c - the Wireshark glue of portclass: registration of the
 * protocol and its fields, and the post-dissector that turns each TCP/UDP
 * header of a packet into a subtree.
 *
 * Where the class is decided: portclass_classify() (include/portclass/class.h).
 * Where the headers are found: headers_find() (portclass-headers.c).
 * What a conversation's packets showed: portclass-conversations.c.
 * Where the tree is built: annotate_header() below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "packet-portclass.h"
#include "portclass-anchors.h"
#include "portclass-conversations.h"
#include "portclass-headers.h"
#include "portclass-prefs.h"
#include "portclass-services.h"
#include "portclass-stats.h"
#include "portclass/class.h"
#include "portclass/registry.h"
#include "portclass/roles.h"

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
static int hf_portclass_direction = -1;
static int hf_portclass_role_evidence = -1;
static int hf_portclass_server_port = -1;
static int hf_portclass_server_class = -1;
static int hf_portclass_server_service = -1;
static int hf_portclass_server_description = -1;
static int hf_portclass_server_cleartext = -1;
static int hf_portclass_client_port = -1;
static int hf_portclass_client_class = -1;
static int hf_portclass_client_ephemeral = -1;
static int hf_portclass_port_state = -1;
static int hf_portclass_payload = -1;
static int hf_portclass_nonstandard = -1;

static gint ett_portclass = -1;

static expert_field ei_portclass_port_open = EI_INIT;
static expert_field ei_portclass_port_closed = EI_INIT;
static expert_field ei_portclass_nonstandard = EI_INIT;
static expert_field ei_portclass_cleartext = EI_INIT;
static expert_field ei_portclass_port_zero = EI_INIT;
static expert_field ei_portclass_server_port_unusual = EI_INIT;

/* Other protocols' ids, resolved in the handoff. */
/* "_ws.expert" and its fields: whoever asks for them asks for our expert
 * infos too. */
static int expert_info_ids[4] = {-1, -1, -1, -1};
static int expert_tap_id = 0; /* 0: not looked up yet (tap ids start at 1) */

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

typedef enum { ROLE_UNKNOWN, ROLE_CLIENT, ROLE_SERVER } role_t;

/* What is known of one port, looked up once per header side. */
typedef struct {
    guint16 port;
    gint offset; /* of the port in the header's tvb */
    portclass_class_t cls;
    portclass_service_t service;
    role_t role;
    guint ephemeral; /* PORTCLASS_EPHEMERAL_* ranges holding the port */
} port_facts_t;

/* A client's port in an ephemeral range is just the client's pick: any
 * IANA name it has is not the conversation's service. */
static gboolean is_ephemeral_client(const port_facts_t *facts)
{
    return facts->role == ROLE_CLIENT && facts->ephemeral != 0;
}

/* The language of labels and descriptions, as the preference says. */
static portclass_language_t language(void)
{
    return portclass_settings()->language;
}

static gboolean japanese(void)
{
    return language() == PORTCLASS_LANG_JA;
}

static const char *ephemeral_label_ja(guint ranges)
{
    switch (ranges) {
    case PORTCLASS_EPHEMERAL_IANA:
        return "クライアントの一時ポート (IANA、Windows、macOS の既定範囲 49152-65535)";
    case PORTCLASS_EPHEMERAL_LINUX:
        return "クライアントの一時ポート (Linux の既定範囲 32768-60999)";
    default:
        return "クライアントの一時ポート (IANA と Linux の既定範囲)";
    }
}

static const char *ephemeral_label(guint ranges)
{
    if (japanese())
        return ephemeral_label_ja(ranges);
    switch (ranges) {
    case PORTCLASS_EPHEMERAL_IANA:
        return "the client's ephemeral port (IANA, Windows and macOS default range 49152-65535)";
    case PORTCLASS_EPHEMERAL_LINUX:
        return "the client's ephemeral port (Linux default range 32768-60999)";
    default:
        return "the client's ephemeral port (IANA and Linux default ranges)";
    }
}

/* ---- Building the tree -------------------------------------------------- */

static port_facts_t port_facts(const header_ref_t *header, guint side, const header_roles_t *roles)
{
    guint16 port = header->endpoints.ports[side];
    port_facts_t facts = {
        .port = port,
        .offset = header->offset + 2 * (gint)side,
        .cls = portclass_classify(port),
        .service = service_data_lookup(header->transport, port),
        .role = !roles->known                ? ROLE_UNKNOWN
                : roles->server_side == side ? ROLE_SERVER
                                             : ROLE_CLIENT,
        .ephemeral = portclass_ephemeral_ranges(port),
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
/* Whether an item of this field is worth adding: the tree is shown, or a
 * filter, column or -e field asked for it. In a tree that is not shown an
 * item nobody asked for is never read; and where Wireshark would not fake
 * it (items added to the tree's root in 4.4), it would cost a real item. */
static gboolean field_wanted(proto_tree *tree, int hf)
{
    return PTREE_DATA(tree)->visible || proto_registrar_get_nth(hf)->ref_type != HF_REF_TYPE_NONE;
}

static void add_hidden_string(proto_tree *tree, int hf, const span_t *span, const char *value)
{
    if (value && field_wanted(tree, hf))
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
    const char *description = portclass_service_description_in(service, language());
    const char *iana_name = portclass_service_iana_name(service);

    label_add_port(label, facts->port);
    label_add(label, ", ");
    label_add(label, portclass_class_label_in(facts->cls, language()));
    if (is_ephemeral_client(facts)) {
        label_add(label, ": ");
        label_add(label, ephemeral_label(facts->ephemeral));
        if (iana_name) {
            label_add(label,
                      japanese() ? "。IANA ではこの番号は " : "; IANA assigns the number to ");
            label_add(label, iana_name);
            if (japanese())
                label_add(label, " に割り当て");
        }
        return;
    }
    if (name) {
        label_add(label, ": ");
        label_add(label, name);
    }
    if (description) {
        label_add(label, ", ");
        label_add(label, description);
    }
    if ((service->custom || service->curated) && iana_name) {
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
        if (japanese())
            label_add(&label, fields == &src_fields ? "送信元ポート: " : "宛先ポート: ");
        format_port_line(&label, facts);
        port_item =
            japanese()
                ? proto_tree_add_uint_format(tree, *fields->hf_port, span.tvb, span.offset,
                                             span.length, facts->port, "%s", line)
                : proto_tree_add_uint_format_value(tree, *fields->hf_port, span.tvb, span.offset,
                                                   span.length, facts->port, "%s", line);
    } else if (field_wanted(tree, *fields->hf_port)) {
        port_item = proto_tree_add_uint(tree, *fields->hf_port, span.tvb, span.offset, span.length,
                                        facts->port);
    } else {
        port_item = NULL;
    }
    proto_item_set_generated(port_item);

    add_hidden_string(tree, *fields->hf_class, &span, class_name);
    add_hidden_string(tree, *fields->hf_service, &span, name);
    add_hidden_string(tree, *fields->hf_description, &span,
                      portclass_service_description_in(&facts->service, language()));
    add_hidden_string(tree, *fields->hf_iana_name, &span,
                      portclass_service_iana_name(&facts->service));
    /* Either-side fields, like tcp.port. */
    if (field_wanted(tree, hf_portclass_port))
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
        if (japanese())
            label_add(label,
                      side == 0 ? "[送信元ポートは未キャプチャ]" : "[宛先ポートは未キャプチャ]");
        else
            label_add(label,
                      side == 0 ? "[source port not captured]" : "[destination port not captured]");
        return;
    }
    const char *name = is_ephemeral_client(facts) ? NULL : portclass_service_name(&facts->service);
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
        label_add(&label, japanese() ? "ポート分類: " : PORTCLASS_PROTOCOL_NAME ": ");
        format_side_summary(&label, header, 0, src);
        label_add(&label, " -> ");
        format_side_summary(&label, header, 1, dst);
        if (header->quoted)
            label_add(&label, japanese() ? " [ICMP エラー内の引用]" : " [quoted in an ICMP error]");
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

static const char *transport_filter_name(portclass_transport_t transport)
{
    return transport == PORTCLASS_TCP ? "tcp" : "udp";
}

/* The Japanese name of a shown item whose value is a filter value (the
 * value itself stays as it is in every language); NULL to keep the field's
 * name. */
static const char *japanese_item_name(int hf)
{
    if (hf == hf_portclass_transport)
        return "トランスポート";
    if (hf == hf_portclass_direction)
        return "通信の向き";
    if (hf == hf_portclass_role_evidence)
        return "サーバーを判断した根拠";
    if (hf == hf_portclass_port_state)
        return "ポートの状態";
    if (hf == hf_portclass_payload)
        return "アプリケーションプロトコル";
    return NULL;
}

/* A generated item with no bytes behind it; NULL when nobody wants it. */
static proto_item *add_generated_string(proto_tree *tree, int hf, const char *value)
{
    if (!value || !field_wanted(tree, hf))
        return NULL;
    const char *name_ja = japanese() && PTREE_DATA(tree)->visible ? japanese_item_name(hf) : NULL;
    proto_item *item = name_ja ? proto_tree_add_string_format(tree, hf, NULL, 0, 0, value, "%s: %s",
                                                              name_ja, value)
                               : proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

static void add_hidden_uint(proto_tree *tree, int hf, guint32 value)
{
    if (field_wanted(tree, hf))
        proto_item_set_hidden(proto_tree_add_uint(tree, hf, NULL, 0, 0, value));
}

/* The server and client fields: hidden, as the port lines and the direction
 * line already say them. */
static void add_role_fields(proto_tree *tree, const port_facts_t *server,
                            const port_facts_t *client)
{
    const span_t none = {0};

    add_hidden_uint(tree, hf_portclass_server_port, server->port);
    add_hidden_string(tree, hf_portclass_server_class, &none, portclass_class_name(server->cls));
    add_hidden_string(tree, hf_portclass_server_service, &none,
                      portclass_service_name(&server->service));
    add_hidden_string(tree, hf_portclass_server_description, &none,
                      portclass_service_description_in(&server->service, language()));
    add_hidden_uint(tree, hf_portclass_client_port, client->port);
    add_hidden_string(tree, hf_portclass_client_class, &none, portclass_class_name(client->cls));
    add_hidden_string(tree, hf_portclass_client_ephemeral, &none,
                      portclass_ephemeral_name(client->ephemeral));
    /* Only there when true, like Wireshark's analysis flags. */
    if (portclass_service_cleartext_note(&server->service, PORTCLASS_LANG_EN) &&
        field_wanted(tree, hf_portclass_server_cleartext)) {
        proto_item *cleartext =
            proto_tree_add_boolean(tree, hf_portclass_server_cleartext, NULL, 0, 0, TRUE);
        proto_item_set_generated(cleartext);
    }
}

/* Adds the direction, the evidence and what this packet proves; returns
 * the direction item, which the conversation's expert infos hang on (NULL
 * when nobody asked for it). Plain labels: the port lines already say
 * which port is the server's, and a formatted label costs more than the
 * item itself. */
static proto_item *add_roles(proto_tree *tree, const header_roles_t *roles,
                             const port_facts_t *sides, proto_item **state_item,
                             proto_item **payload_item)
{
    const char *direction = roles->server_side == 1 ? "client-to-server" : "server-to-client";

    proto_item *item = add_generated_string(tree, hf_portclass_direction, direction);
    add_generated_string(tree, hf_portclass_role_evidence,
                         portclass_evidence_name(roles->evidence));
    add_role_fields(tree, &sides[roles->server_side], &sides[1 - roles->server_side]);
    *state_item = add_generated_string(tree, hf_portclass_port_state,
                                       portclass_port_state_name(roles->port_state));
    *payload_item = add_generated_string(tree, hf_portclass_payload, roles->payload);
    if (roles->app && !portclass_app_protocol_any_port(roles->app) &&
        field_wanted(tree, hf_portclass_nonstandard)) {
        proto_item *flag =
            proto_tree_add_boolean(tree, hf_portclass_nonstandard, NULL, 0, 0, roles->nonstandard);
        proto_item_set_generated(flag);
        if (!roles->nonstandard)
            proto_item_set_hidden(flag);
    }
    return item;
}

/* The items of one header that expert infos hang on; NULL without a tree. */
typedef struct {
    proto_item *summary;
    proto_item *direction;
    proto_item *state;
    proto_item *payload;
} header_items_t;

/* Adds one "Port Classification" subtree for a header, with the ports that
 * the capture holds: a truncated header gets what can be read. */
static void annotate_header(proto_tree *tree, const header_ref_t *header,
                            const header_roles_t *roles, const port_facts_t *sides,
                            header_items_t *items)
{
    items->summary = add_summary(tree, header, &sides[0], &sides[1]);
    proto_tree *pc_tree = proto_item_add_subtree(items->summary, ett_portclass);
    add_generated_string(pc_tree, hf_portclass_transport,
                         portclass_transport_name(header->transport));
    if (header->n_ports >= 1)
        add_side(pc_tree, &src_fields, header, &sides[0]);
    if (header->n_ports >= 2)
        add_side(pc_tree, &dst_fields, header, &sides[1]);
    /* For scripts portclass.quoted is always there; the tree shows it only
     * when true. */
    if (field_wanted(pc_tree, hf_portclass_quoted)) {
        proto_item *quoted =
            proto_tree_add_boolean(pc_tree, hf_portclass_quoted, NULL, 0, 0, header->quoted);
        proto_item_set_generated(quoted);
        if (!header->quoted)
            proto_item_set_hidden(quoted);
    }
    if (roles->known)
        items->direction = add_roles(pc_tree, roles, sides, &items->state, &items->payload);
}

/* ---- Expert infos -------------------------------------------------------- */

/* The text of one of a header's addresses; NULL when not known. */
static const char *address_text(packet_info *pinfo, const header_ref_t *header, guint side)
{
    address addr;

    header_address(header, side, &addr);
    return addr.type == AT_NONE ? NULL : address_to_str(pinfo->pool, &addr);
}

/* "Port 23/tcp (Telnet) on 192.0.2.1 is open". */
static void expert_port_state(packet_info *pinfo, proto_item *item, const header_ref_t *header,
                              const header_roles_t *roles, const port_facts_t *server)
{
    const char *state = portclass_port_state_name(roles->port_state);
    const char *service = portclass_service_name(&server->service);
    const char *host = address_text(pinfo, header, roles->server_side);
    const char *transport = transport_filter_name(header->transport);
    expert_field *ei = roles->port_state == PORTCLASS_PORT_STATE_OPEN ? &ei_portclass_port_open
                                                                      : &ei_portclass_port_closed;

    if (japanese())
        expert_add_info_format(pinfo, item, ei, "%s%sのポート %u/%s%s%s%s は%s", host ? host : "",
                               host ? " " : "", server->port, transport, service ? " (" : "",
                               service ? service : "", service ? ")" : "",
                               roles->port_state == PORTCLASS_PORT_STATE_OPEN
                                   ? "開いています (open)"
                                   : "閉じています (closed)");
    else
        expert_add_info_format(pinfo, item, ei, "Port %u/%s%s%s%s%s%s is %s", server->port,
                               transport, service ? " (" : "", service ? service : "",
                               service ? ")" : "", host ? " on " : "", host ? host : "", state);
}

/* "SSH on port 2222/tcp (IANA: EtherNet-IP-1)". */
static void expert_nonstandard(packet_info *pinfo, proto_item *item, const header_ref_t *header,
                               const header_roles_t *roles, const port_facts_t *server)
{
    const char *iana = portclass_service_iana_name(&server->service);
    const char *transport = transport_filter_name(header->transport);

    if (japanese())
        expert_add_info_format(pinfo, item, &ei_portclass_nonstandard,
                               "%s が標準外のポート %u/%s で使われています (%s%s)",
                               roles->first_nonstandard_app->name, server->port, transport,
                               iana ? "IANA: " : "IANA の割り当てなし", iana ? iana : "");
    else
        expert_add_info_format(pinfo, item, &ei_portclass_nonstandard, "%s on port %u/%s (%s%s)",
                               roles->first_nonstandard_app->name, server->port, transport,
                               iana ? "IANA: " : "no IANA assignment", iana ? iana : "");
}

static void expert_port_zero(packet_info *pinfo, proto_item *item, const char *transport)
{
    if (japanese())
        expert_add_info_format(pinfo, item, &ei_portclass_port_zero,
                               "ポート 0/%s が使われています。0 番は予約済みでどのサービスも"
                               "待ち受けないため、不正なパケットか調査目的の通信です",
                               transport);
    else
        expert_add_info_format(pinfo, item, &ei_portclass_port_zero,
                               "Port 0/%s in use: it is reserved, no service listens on it, so "
                               "traffic to or from it is malformed or a probe",
                               transport);
}

static void expert_unusual_ports(packet_info *pinfo, proto_item *item, const char *transport,
                                 const port_facts_t *server, const port_facts_t *client)
{
    if (server->cls == PORTCLASS_DYNAMIC)
        expert_add_info_format(pinfo, item, &ei_portclass_server_port_unusual,
                               japanese() ? "サーバーが動的ポート %u/%s を使っています。"
                                            "この範囲は通常クライアントが自分のポートに使います"
                                          : "The server uses dynamic port %u/%s, a range clients "
                                            "normally pick their ports from",
                               server->port, transport);
    if (client->cls == PORTCLASS_WELL_KNOWN && client->port != 0)
        expert_add_info_format(
            pinfo, item, &ei_portclass_server_port_unusual,
            japanese() ? "クライアントがウェルノウンポート %u/%s を送信元ポートに使っています"
                       : "The client uses well-known port %u/%s as its source port",
            client->port, transport);
}

/* The expert infos raised once per conversation, on its first packet. */
static void expert_conversation(packet_info *pinfo, proto_item *item, const header_ref_t *header,
                                const port_facts_t *server, const port_facts_t *client)
{
    const char *transport = transport_filter_name(header->transport);
    const char *note = portclass_service_cleartext_note(&server->service, language());

    if (note)
        expert_add_info_format(pinfo, item, &ei_portclass_cleartext, "%s", note);
    if (server->port == 0 || client->port == 0)
        expert_port_zero(pinfo, item, transport);
    expert_unusual_ports(pinfo, item, transport, server, client);
}

static void raise_experts(packet_info *pinfo, const header_ref_t *header,
                          const header_roles_t *roles, const port_facts_t *sides,
                          const header_items_t *items)
{
    if (!roles->known)
        return;
    const port_facts_t *server = &sides[roles->server_side];
    const port_facts_t *client = &sides[1 - roles->server_side];
    proto_item *on_conversation = items->direction ? items->direction : items->summary;

    const portclass_settings_t *settings = portclass_settings();

    if (roles->port_state != PORTCLASS_PORT_STATE_NONE && settings->expert_port_state)
        expert_port_state(pinfo, items->state ? items->state : on_conversation, header, roles,
                          server);
    if (roles->first_nonstandard && settings->expert_nonstandard)
        expert_nonstandard(pinfo, items->payload ? items->payload : on_conversation, header, roles,
                           server);
    if (roles->conversation_start && settings->expert_teaching)
        expert_conversation(pinfo, on_conversation, header, server, client);
}

/* ---- The post-dissector --------------------------------------------------- */

/* Whether anyone wants our items: the tree is shown, or a filter, column or
 * -e field names portclass, one of its fields (that marks the protocol as
 * referenced) or the expert infos. proto_field_is_referenced() is not used:
 * it also says yes whenever the tree keeps every protocol item, as under
 * tshark -T fields. */
static gboolean is_referenced(int hf)
{
    return hf > 0 && proto_registrar_get_nth(hf)->ref_type != HF_REF_TYPE_NONE;
}

/* The expert protocol registers its fields after the plugins' handoffs in
 * some versions: they are looked up on first use. */
static void resolve_expert_info_ids(void)
{
    static gboolean resolved;

    if (resolved)
        return;
    expert_info_ids[0] = proto_get_id_by_filter_name("_ws.expert");
    expert_info_ids[1] = proto_registrar_get_id_byname("_ws.expert.message");
    expert_info_ids[2] = proto_registrar_get_id_byname("_ws.expert.group");
    expert_info_ids[3] = proto_registrar_get_id_byname("_ws.expert.severity");
    resolved = TRUE;
}

static gboolean portclass_asked(proto_tree *tree)
{
    if (PTREE_DATA(tree)->visible || is_referenced(proto_portclass))
        return TRUE;
    resolve_expert_info_ids();
    for (gsize i = 0; i < G_N_ELEMENTS(expert_info_ids); i++) {
        if (is_referenced(expert_info_ids[i]))
            return TRUE;
    }
    return FALSE;
}

/* Hands a header whose roles are known to the statistics. */
static void tap_header(packet_info *pinfo, const header_ref_t *header, const header_roles_t *roles,
                       const port_facts_t *sides)
{
    const port_facts_t *server = &sides[roles->server_side];
    portclass_tap_info_t info = {
        .transport = header->transport,
        .server_port = server->port,
        .server_class = server->cls,
        .server_service = portclass_service_name(&server->service),
        .client_to_server = roles->server_side == 1,
        .port_state = roles->port_state,
        .server_host = address_text(pinfo, header, roles->server_side),
        .nonstandard_protocol =
            roles->first_nonstandard ? roles->first_nonstandard_app->name : NULL,
        .frame = pinfo->num,
        .frame_length = pinfo->fd->pkt_len,
    };
    portclass_stats_queue(pinfo, &info);
}

static void process_header(packet_info *pinfo, proto_tree *tree, const header_ref_t *header,
                           gboolean tapped)
{
    header_roles_t roles;
    port_facts_t sides[2] = {{0}, {0}};
    header_items_t items = {0};

    conversations_roles(pinfo, header, &roles);
    for (guint side = 0; side < header->n_ports && side < 2; side++)
        sides[side] = port_facts(header, side, &roles);
    if (tree)
        annotate_header(tree, header, &roles, sides, &items);
    raise_experts(pinfo, header, &roles, sides, &items);
    if (tapped && roles.known)
        tap_header(pinfo, header, &roles, sides);
}

/* Whether a tap collects expert infos (tshark -z expert). The expert tap is
 * registered after the handoffs ran, so its id is looked up on first use. */
static gboolean expert_tap_listening(void)
{
    if (expert_tap_id <= 0)
        expert_tap_id = find_tap_id("expert");
    return expert_tap_id > 0 && have_tap_listener(expert_tap_id);
}

/* What the records need of a packet in the first pass, when nobody asks
 * for anything: most packets of most runs, so kept lean. Returns how many
 * headers it recorded. */
static guint record_packet(tvbuff_t *tvb, packet_info *pinfo)
{
    header_ref_t header;

    conversations_begin_packet(pinfo);
    if (headers_find_only(tvb, pinfo, &header)) {
        conversations_add_packet(pinfo, &header, 1);
        return 1;
    }
    header_ref_t headers[PORTCLASS_MAX_HEADERS];
    guint count = headers_find(tvb, pinfo, FALSE, headers);
    conversations_add_packet(pinfo, headers, count);
    return count;
}

/* Annotates every header for whoever asked: the tree (asked), the
 * statistics (tapped), the expert infos. In the first pass, the records
 * are written first. */
static int annotate_packet(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gboolean asked,
                           gboolean tapped)
{
    header_ref_t headers[PORTCLASS_MAX_HEADERS];
    gboolean first_pass = !PINFO_FD_VISITED(pinfo);

    if (first_pass)
        conversations_begin_packet(pinfo);
    guint count = headers_find(tvb, pinfo, TRUE, headers);
    if (count == 0)
        return 0;
    if (first_pass)
        conversations_add_packet(pinfo, headers, count);
    if (asked && PTREE_DATA(tree)->visible)
        anchors_place(tree, headers, count);
    portclass_custom_services_refresh();
    gboolean annotate_quoted = portclass_settings()->annotate_quoted;
    for (guint i = 0; i < count; i++) {
        if (headers[i].quoted && !annotate_quoted)
            continue;
        process_header(pinfo, asked ? tree : NULL, &headers[i], tapped);
    }
    return (int)tvb_captured_length(tvb);
}

/* The post-dissector.
 *
 * In the first pass over a capture (the packet not yet visited) it always
 * finds the packet's TCP/UDP headers and adds what they show to their
 * conversations' records, tree or no tree: that is what makes every later
 * answer the capture-order answer, whatever order packets are opened in.
 * It adds no item, string or expert info then unless somebody asks.
 *
 * Answers are given only for somebody: a shown tree, a filter, column or
 * -e field that names portclass or the expert infos, or a tap (the
 * statistics tree, tshark -z expert). Otherwise a visited packet costs
 * nothing. */
static int dissect_portclass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    gboolean asked = tree && portclass_asked(tree);
    gboolean tapped = portclass_stats_listening();

    if (asked || tapped || expert_tap_listening())
        return annotate_packet(tvb, pinfo, tree, asked, tapped);
    /* A packet recorded counts as dissected, as with any dissector that
     * takes a packet: Wireshark then keeps portclass in pinfo->layers,
     * after the protocols that frame.protocols lists, instead of taking it
     * out again, which costs more than the recording. */
    if (!PINFO_FD_VISITED(pinfo) && record_packet(tvb, pinfo) > 0)
        return (int)tvb_captured_length(tvb);
    return 0;
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
        {&hf_portclass_direction,
         {"Direction", "portclass.direction", FT_STRING, BASE_NONE, NULL, 0x0,
          "Which way this packet goes in its conversation: client-to-server or "
          "server-to-client.",
          HFILL}},
        {&hf_portclass_role_evidence,
         {"Role evidence", "portclass.role_evidence", FT_STRING, BASE_NONE, NULL, 0x0,
          "How the conversation's server was found: syn (the client's SYN was seen), syn-ack "
          "(only the server's SYN-ACK was seen), port (by the port numbers) or first-packet (the "
          "first packet's sender is taken as the client).",
          HFILL}},
        {&hf_portclass_server_port,
         {"Server port", "portclass.server.port", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The port of the conversation's server.", HFILL}},
        {&hf_portclass_server_class,
         {"Server port class", "portclass.server.class", FT_STRING, BASE_NONE, NULL, 0x0,
          "The IANA class of the server's port: well-known, registered or dynamic.", HFILL}},
        {&hf_portclass_server_service,
         {"Server service", "portclass.server.service", FT_STRING, BASE_NONE, NULL, 0x0,
          "The service assigned to the server's port, which is what the conversation is; absent "
          "when the port has no assignment.",
          HFILL}},
        {&hf_portclass_server_description,
         {"Server service description", "portclass.server.description", FT_STRING, BASE_NONE, NULL,
          0x0, "A plain-language description of the service assigned to the server's port.",
          HFILL}},
        {&hf_portclass_server_cleartext,
         {"Server service is cleartext", "portclass.server.cleartext", FT_BOOLEAN, BASE_NONE, NULL,
          0x0,
          "True when the server's service normally carries logins or data unencrypted (Telnet, "
          "FTP, HTTP, POP3, ...); absent otherwise.",
          HFILL}},
        {&hf_portclass_client_port,
         {"Client port", "portclass.client.port", FT_UINT16, BASE_DEC, NULL, 0x0,
          "The port of the conversation's client.", HFILL}},
        {&hf_portclass_client_class,
         {"Client port class", "portclass.client.class", FT_STRING, BASE_NONE, NULL, 0x0,
          "The IANA class of the client's port: well-known, registered or dynamic.", HFILL}},
        {&hf_portclass_client_ephemeral,
         {"Client ephemeral range", "portclass.client.ephemeral", FT_STRING, BASE_NONE, NULL, 0x0,
          "Which common ephemeral-port defaults contain the client's port: iana "
          "(49152-65535: IANA, Windows, macOS), linux (32768-60999), iana,linux or none.",
          HFILL}},
        {&hf_portclass_port_state,
         {"Port state", "portclass.port_state", FT_STRING, BASE_NONE, NULL, 0x0,
          "What this packet proves about the server's port: open (a SYN-ACK answering a SYN, a "
          "UDP reply from the server port) or closed (a RST answering a SYN, an ICMP port "
          "unreachable).",
          HFILL}},
        {&hf_portclass_payload,
         {"Payload protocol", "portclass.payload", FT_STRING, BASE_NONE, NULL, 0x0,
          "The application protocol that Wireshark decoded on top of this header, by its filter "
          "name.",
          HFILL}},
        {&hf_portclass_nonstandard,
         {"Non-standard port", "portclass.nonstandard", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "True when the decoded protocol has usual ports and the server's port is not one of "
          "them.",
          HFILL}},
    };
    static gint *ett[] = {&ett_portclass};
    static ei_register_info ei[] = {
        {&ei_portclass_port_open,
         {"portclass.expert.port_open", PI_SEQUENCE, PI_NOTE,
          "A SYN-ACK answering a SYN, or a UDP reply from the server port, shows the port open",
          EXPFILL}},
        {&ei_portclass_port_closed,
         {"portclass.expert.port_closed", PI_SEQUENCE, PI_NOTE,
          "A RST answering a SYN, or an ICMP port unreachable, shows the port closed", EXPFILL}},
        {&ei_portclass_nonstandard,
         {"portclass.expert.nonstandard", PI_PROTOCOL, PI_NOTE,
          "The decoded protocol runs on a port that is not one of its usual ports", EXPFILL}},
        {&ei_portclass_cleartext,
         {"portclass.expert.cleartext", PI_SECURITY, PI_NOTE,
          "The service carries logins or data unencrypted", EXPFILL}},
        {&ei_portclass_port_zero,
         {"portclass.expert.port_zero", PI_PROTOCOL, PI_NOTE, "Port 0 is reserved and in use",
          EXPFILL}},
        {&ei_portclass_server_port_unusual,
         {"portclass.expert.server_port_unusual", PI_PROTOCOL, PI_NOTE,
          "A server on a dynamic port, or a client on a well-known source port", EXPFILL}},
    };

    proto_portclass = proto_register_protocol(PORTCLASS_PROTOCOL_NAME, "PortClass", "portclass");
    proto_register_field_array(proto_portclass, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_portclass), ei, array_length(ei));

    service_data_register();
    portclass_prefs_register(proto_portclass);
    portclass_stats_register_tap();
}

void proto_reg_handoff_portclass(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_portclass, proto_portclass);

    headers_init(proto_portclass);
    anchors_init();
    conversations_init(proto_portclass);
    register_postdissector(handle);
}
