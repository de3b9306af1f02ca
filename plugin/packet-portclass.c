/* packet-portclass.c - the portclass post-dissector: registration of the
 * protocol and its fields, the dissector, and the subtree it adds after
 * each TCP/UDP header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass-compat.h"

#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-portclass.h"

static int proto_portclass = -1;

static int hf_portclass_transport = -1;
static int hf_portclass_quoted = -1;
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

/* The fields of each side of a header (source, destination). */
enum { SIDE_PORT, SIDE_CLASS, SIDE_SERVICE, SIDE_DESCRIPTION, SIDE_IANA_NAME, N_SIDE_FIELDS };
static int hf_side[PORTCLASS_N_SIDES][N_SIDE_FIELDS] = {{-1, -1, -1, -1, -1}, {-1, -1, -1, -1, -1}};
static const portclass_item_t side_items[PORTCLASS_N_SIDES] = {PORTCLASS_ITEM_SOURCE_PORT,
                                                               PORTCLASS_ITEM_DESTINATION_PORT};

/* The language of labels and descriptions, as the preference says. */
static portclass_language_t language(void)
{
    return settings_current()->language;
}

/* ---- Building the tree -------------------------------------------------- */

/* An item is added only when proto_field_is_referenced(): the tree is
 * shown, or a filter, column or -e field asked for it. In a tree that is
 * not shown an item nobody asked for is never read; and where Wireshark
 * would not fake it (items added to the tree's root in 4.4), it would cost
 * a real item. */

/* The bytes an item highlights: a port in its header, or none when the
 * header's bytes are not at hand. */
typedef struct {
    tvbuff_t *tvb;
    gint offset;
    gint length;
} span_t;

static span_t port_span(const transport_header_t *header, portclass_side_t side)
{
    if (!header->tvb)
        return (span_t){NULL, 0, 0};
    return (span_t){header->tvb, header->offset + 2 * (gint)side, 2};
}

/* The details of a port are hidden fields: filters, columns and -e read
 * them, while the tree shows them once, in the port's own line. */
static void add_hidden_string(proto_tree *tree, int hf, const span_t *span, const char *value)
{
    if (value && proto_field_is_referenced(tree, hf))
        proto_item_set_hidden(
            proto_tree_add_string(tree, hf, span->tvb, span->offset, span->length, value));
}

static void add_hidden_uint(proto_tree *tree, int hf, const span_t *span, guint32 value)
{
    if (proto_field_is_referenced(tree, hf))
        proto_item_set_hidden(
            proto_tree_add_uint(tree, hf, span->tvb, span->offset, span->length, value));
}

/* A flag only there when true, like Wireshark's analysis flags; or there
 * and hidden when false, for filters. A shown flag is named in the
 * language of the preferences. */
static void add_flag(proto_tree *tree, int hf, portclass_item_t item_name, gboolean value,
                     gboolean hidden_when_false)
{
    if (!proto_field_is_referenced(tree, hf) || (!value && !hidden_when_false))
        return;
    const char *name =
        value && PTREE_DATA(tree)->visible ? portclass_text_item_name(item_name, language()) : NULL;
    /* "True" as Wireshark writes a boolean field without true/false
     * strings, in every language: it is the value a filter compares. */
    proto_item *item =
        name ? proto_tree_add_boolean_format(tree, hf, NULL, 0, 0, value, "%s: True", name)
             : proto_tree_add_boolean(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    if (!value)
        proto_item_set_hidden(item);
}

/* A port's line: "Source port: 52144, dynamic/private (49152-65535)". The
 * whole label is written here and handed over as one string: cheaper than
 * letting Wireshark put the field's name before a formatted value. */
static proto_item *add_port_line(proto_tree *tree, portclass_side_t side, const span_t *span,
                                 const portclass_port_words_t *words)
{
    int hf = hf_side[side][SIDE_PORT];
    char line[ITEM_LABEL_LENGTH];
    portclass_text_t text;
    const char *name = portclass_text_item_name(side_items[side], language());

    if (!PTREE_DATA(tree)->visible)
        return proto_field_is_referenced(tree, hf)
                   ? proto_tree_add_uint(tree, hf, span->tvb, span->offset, span->length,
                                         words->port)
                   : NULL;
    portclass_text_init(&text, line, sizeof line);
    portclass_text_add(&text, name ? name : proto_registrar_get_nth(hf)->name);
    portclass_text_add(&text, ": ");
    portclass_text_port_line(&text, words, language());
    return proto_tree_add_uint_format(tree, hf, span->tvb, span->offset, span->length, words->port,
                                      "%s", line);
}

/* Adds a port's line and the hidden fields about it. */
static void add_side(proto_tree *tree, const header_analysis_t *analysis, portclass_side_t side)
{
    const int *hf = hf_side[side];
    const port_facts_t *facts = &analysis->ports[side];
    const char *name = portclass_service_name(&facts->service);
    const char *class_name = portclass_class_name(facts->cls);
    const span_t span = port_span(analysis->header, side);
    portclass_port_words_t words = analysis_port_words(analysis, side);

    proto_item_set_generated(add_port_line(tree, side, &span, &words));
    add_hidden_string(tree, hf[SIDE_CLASS], &span, class_name);
    add_hidden_string(tree, hf[SIDE_SERVICE], &span, name);
    add_hidden_string(tree, hf[SIDE_DESCRIPTION], &span,
                      portclass_service_description_in(&facts->service, language()));
    add_hidden_string(tree, hf[SIDE_IANA_NAME], &span,
                      portclass_service_iana_name(&facts->service));
    /* Either-side fields, like tcp.port. */
    add_hidden_uint(tree, hf_portclass_port, &span, facts->port);
    add_hidden_string(tree, hf_portclass_class, &span, class_name);
    add_hidden_string(tree, hf_portclass_service, &span, name);
}

/* Adds the subtree's top item, "Port Classification: 52144 (dynamic) -> 443
 * (well-known, HTTPS)", right after the header it is about. */
static proto_item *add_summary(proto_tree *tree, const header_analysis_t *analysis)
{
    const transport_header_t *header = analysis->header;
    gint offset = header->tvb ? header->offset : 0;
    gint length = header->tvb ? 2 * (gint)header->n_ports : 0;
    /* Not proto_tree_add_protocol_format(): it would format the label twice
     * and copy it into the item's value, on every packet. */
    proto_item *item =
        proto_tree_add_item(tree, proto_portclass, header->tvb, offset, length, ENC_NA);

    if (PTREE_DATA(tree)->visible) {
        char line[ITEM_LABEL_LENGTH];
        portclass_text_t text;
        portclass_port_words_t words[PORTCLASS_N_SIDES];
        for (guint side = 0; side < header->n_ports; side++)
            words[side] = analysis_port_words(analysis, (portclass_side_t)side);
        portclass_text_init(&text, line, sizeof line);
        portclass_text_summary(&text, header->n_ports > 0 ? &words[PORTCLASS_SOURCE] : NULL,
                               header->n_ports > 1 ? &words[PORTCLASS_DESTINATION] : NULL,
                               header->quoted, language());
        proto_item_set_text(item, "%s", line);
    }
    proto_item_set_generated(item);
    if (header->anchor)
        proto_tree_move_item(tree, header->anchor, item);
    return item;
}

/* A generated item with no bytes behind it, named in the language of the
 * preferences; in Japanese a value in words comes before the filter
 * value, "開いている (open)". NULL when nobody wants it. */
static proto_item *add_generated_string(proto_tree *tree, int hf, portclass_item_t item_name,
                                        const char *value)
{
    if (!value || !proto_field_is_referenced(tree, hf))
        return NULL;
    const char *name =
        PTREE_DATA(tree)->visible ? portclass_text_item_name(item_name, language()) : NULL;
    const char *word = name ? portclass_text_value_word(value, language()) : NULL;
    proto_item *item;

    if (word)
        item = proto_tree_add_string_format(tree, hf, NULL, 0, 0, value, "%s: %s (%s)", name, word,
                                            value);
    else if (name)
        item = proto_tree_add_string_format(tree, hf, NULL, 0, 0, value, "%s: %s", name, value);
    else
        item = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(item);
    return item;
}

/* The server and client fields: hidden, as the port lines and the direction
 * line already say them. */
static void add_role_fields(proto_tree *tree, const header_analysis_t *analysis)
{
    const port_facts_t *server = analysis_server(analysis), *client = analysis_client(analysis);
    const span_t none = {0};

    add_hidden_uint(tree, hf_portclass_server_port, &none, server->port);
    add_hidden_string(tree, hf_portclass_server_class, &none, portclass_class_name(server->cls));
    add_hidden_string(tree, hf_portclass_server_service, &none,
                      portclass_service_name(&server->service));
    add_hidden_string(tree, hf_portclass_server_description, &none,
                      portclass_service_description_in(&server->service, language()));
    add_hidden_uint(tree, hf_portclass_client_port, &none, client->port);
    add_hidden_string(tree, hf_portclass_client_class, &none, portclass_class_name(client->cls));
    add_hidden_string(tree, hf_portclass_client_ephemeral, &none,
                      portclass_ephemeral_name(client->ephemeral));
    add_flag(tree, hf_portclass_server_cleartext, PORTCLASS_ITEM_SERVER_CLEARTEXT,
             (portclass_service_flags(&server->service) & PORTCLASS_FLAG_CLEARTEXT) != 0, FALSE);
}

/* Adds the direction, the evidence and what this packet proves. Plain
 * labels: the port lines already say which port is the server's, and a
 * formatted label costs more than the item itself. */
static void add_roles(proto_tree *tree, const header_analysis_t *analysis, header_items_t *items)
{
    const portclass_header_answer_t *answer = &analysis->answer;
    const char *direction =
        answer->server == PORTCLASS_DESTINATION ? "client-to-server" : "server-to-client";

    items->direction =
        add_generated_string(tree, hf_portclass_direction, PORTCLASS_ITEM_DIRECTION, direction);
    add_generated_string(tree, hf_portclass_role_evidence, PORTCLASS_ITEM_ROLE_EVIDENCE,
                         portclass_evidence_name(answer->evidence));
    add_role_fields(tree, analysis);
    items->state = add_generated_string(tree, hf_portclass_port_state, PORTCLASS_ITEM_PORT_STATE,
                                        portclass_port_state_name(answer->port_state));
    items->payload =
        add_generated_string(tree, hf_portclass_payload, PORTCLASS_ITEM_PAYLOAD, analysis->payload);
    if (analysis->app && !portclass_app_protocol_any_port(analysis->app))
        add_flag(tree, hf_portclass_nonstandard, PORTCLASS_ITEM_NONSTANDARD, analysis->nonstandard,
                 TRUE);
}

/* Adds one "Port Classification" subtree for a header, with the ports that
 * the capture holds: a truncated header gets what can be read. */
static void annotate_header(proto_tree *tree, const header_analysis_t *analysis,
                            header_items_t *items)
{
    const transport_header_t *header = analysis->header;

    items->summary = add_summary(tree, analysis);
    proto_tree *subtree = proto_item_add_subtree(items->summary, ett_portclass);
    add_generated_string(subtree, hf_portclass_transport, PORTCLASS_ITEM_TRANSPORT,
                         portclass_transport_name(header->transport));
    for (guint side = 0; side < header->n_ports; side++)
        add_side(subtree, analysis, (portclass_side_t)side);
    add_flag(subtree, hf_portclass_quoted, PORTCLASS_ITEM_QUOTED, header->quoted, TRUE);
    if (analysis->roles_known)
        add_roles(subtree, analysis, items);
}

/* ---- The post-dissector --------------------------------------------------- */

/* Annotates every header for whoever asked: the tree (when asked), the
 * expert infos, the statistics (when tapped). */
static void annotate_packet(packet_info *pinfo, proto_tree *tree, transport_header_t *headers,
                            guint count, gboolean tapped)
{
    gboolean annotate_quoted = settings_current()->annotate_quoted;
    stats_packet_t tap;

    if (tree && PTREE_DATA(tree)->visible)
        headers_place(tree, headers, count);
    settings_refresh_custom_services();
    tap.n_headers = 0;
    for (guint i = 0; i < count; i++) {
        header_analysis_t analysis;
        header_items_t items = {0};
        if (headers[i].quoted && !annotate_quoted)
            continue;
        analysis_of_header(pinfo, &headers[i], &analysis);
        if (tree)
            annotate_header(tree, &analysis, &items);
        experts_raise(pinfo, &analysis, &items);
        if (tapped && analysis.roles_known)
            stats_add_header(&tap, pinfo, &analysis);
    }
    if (tapped)
        stats_queue_packet(pinfo, &tap);
}

/* The post-dissector: one path for every packet.
 *
 * In the first pass over a capture (the packet not yet visited) it finds
 * the packet's TCP/UDP headers and adds what they show to their
 * conversations' records, tree or no tree: that is what makes every later
 * answer the capture-order answer, whatever order packets are opened in.
 *
 * Answers are given only for somebody: a shown tree, a filter, column or
 * -e field that names portclass or the expert infos, or a tap (the
 * statistics tree, tshark -z expert). A visited packet nobody asks about
 * costs nothing. */
static int dissect_portclass(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    gboolean asked = proto_field_is_referenced(tree, proto_portclass) || experts_asked(tree);
    gboolean tapped = stats_listening();
    gboolean wanted = asked || tapped || experts_tap_listening();
    transport_header_t headers[PORTCLASS_MAX_HEADERS];

    if (PINFO_FD_VISITED(pinfo) && !wanted)
        return 0;
    guint count = headers_find(tvb, pinfo, headers);
    if (!PINFO_FD_VISITED(pinfo))
        conversations_add_packet(pinfo, headers, count);
    if (count == 0)
        return 0;
    if (wanted)
        annotate_packet(pinfo, asked ? tree : NULL, headers, count, tapped);
    /* A packet with headers counts as dissected, as with any dissector that
     * takes a packet: Wireshark then keeps portclass in pinfo->layers,
     * after the protocols that frame.protocols lists, instead of taking it
     * out again, which costs more. */
    return (int)tvb_captured_length(tvb);
}

/* ---- Registration ------------------------------------------------------- */

/* The hf entries of one side's fields; e.g. SIDE_FIELDS(PORTCLASS_SOURCE,
 * "Source", "src", "source") registers portclass.src.port and the rest. */
#define SIDE_FIELD(side, field, name, abbrev, type, base, blurb)                                   \
    {                                                                                              \
        &hf_side[side][field],                                                                     \
        {                                                                                          \
            name, "portclass." abbrev, type, base, NULL, 0x0, blurb, HFILL                         \
        }                                                                                          \
    }
#define SIDE_FIELDS(side, Name, abbrev, name)                                                      \
    SIDE_FIELD(side, SIDE_PORT, Name " port", abbrev ".port", FT_UINT16, BASE_DEC,                 \
               "The " name " port of this TCP or UDP header."),                                    \
        SIDE_FIELD(side, SIDE_CLASS, Name " class", abbrev ".class", FT_STRING, BASE_NONE,         \
                   "The IANA class of the " name " port: well-known (0-1023), registered "         \
                   "(1024-49151) or dynamic (49152-65535)."),                                      \
        SIDE_FIELD(side, SIDE_SERVICE, Name " service", abbrev ".service", FT_STRING, BASE_NONE,   \
                   "The service assigned to the " name " port for this transport, by its common "  \
                   "name; absent when the port has no assignment."),                               \
        SIDE_FIELD(side, SIDE_DESCRIPTION, Name " description", abbrev ".description", FT_STRING,  \
                   BASE_NONE,                                                                      \
                   "A plain-language description of the service assigned to the " name " port."),  \
        SIDE_FIELD(                                                                                \
            side, SIDE_IANA_NAME, Name " IANA name", abbrev ".iana_name", FT_STRING, BASE_NONE,    \
            "The service name that the IANA registry gives the " name " port for this transport.")

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
        SIDE_FIELDS(PORTCLASS_SOURCE, "Source", "src", "source"),
        SIDE_FIELDS(PORTCLASS_DESTINATION, "Destination", "dst", "destination"),
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

    proto_portclass = proto_register_protocol("Port Classification", "PortClass", "portclass");
    proto_register_field_array(proto_portclass, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    experts_register(proto_portclass);

    services_register();
    settings_register(proto_portclass);
    stats_register_tap();
}

void proto_reg_handoff_portclass(void)
{
    dissector_handle_t handle = create_dissector_handle(dissect_portclass, proto_portclass);

    headers_init(proto_portclass);
    conversations_init(proto_portclass);
    register_postdissector(handle);
}
