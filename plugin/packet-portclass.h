/* packet-portclass.h - the portclass post-dissector's parts, one section
 * per file of the glue: how they call one another. The entry points
 * proto_register_portclass() and proto_reg_handoff_portclass() are called
 * from plugin.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_PORTCLASS_H
#define PACKET_PORTCLASS_H

#include "portclass-compat.h"

#include <epan/packet.h>

#include "portclass/class.h"
#include "portclass/conversation.h"
#include "portclass/ip.h"
#include "portclass/registry.h"
#include "portclass/roles.h"
#include "portclass/text.h"

void proto_register_portclass(void);
void proto_reg_handoff_portclass(void);

/* Finding the TCP and UDP headers of a packet (portclass-headers.c), the
 * same way in every mode, with or without a protocol tree: from the
 * protocols Wireshark lists for the packet (pinfo->layers), pinfo's
 * addresses and ports, and the frame's bytes. The tree, when there is one,
 * only says where each header's subtree goes (headers_place()). */

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

/* One record per Wireshark conversation, written in the capture's first
 * pass, and what it answers for a header (portclass-conversations.c). */

/* Call once from the handoff, with our protocol, whose records hang on
 * Wireshark's conversations. */
void conversations_init(int proto);

/* The first pass over the capture (PINFO_FD_VISITED() is false): adds what
 * the packet's headers that no ICMP error quotes show to the records of
 * their conversations. Call once for every packet of that pass. */
void conversations_add_packet(const packet_info *pinfo, const transport_header_t *headers,
                              guint count);

/* What the record of the header's conversation answers for this packet:
 * the same in any pass and in any order of packets. has_service says which
 * of the header's ports (by side) have a service, for the choice of the
 * server by port. FALSE, and answer untouched, when the conversation has
 * no record (addresses not known, or never seen by the first pass). */
gboolean conversations_answer(const packet_info *pinfo, const transport_header_t *header,
                              const gboolean has_service[PORTCLASS_N_SIDES],
                              portclass_header_answer_t *answer);

/* Everything portclass decides about one header, worked out once
 * (portclass-analysis.c): its ports' facts, the roles, what the packet
 * shows. The subtree, the expert infos and the statistics are made from it. */

/* What one port of a header is. */
typedef struct {
    guint16 port;
    portclass_class_t cls;
    portclass_service_t service; /* custom over curated over IANA */
    guint ephemeral;             /* PORTCLASS_EPHEMERAL_* ranges holding the port */
} port_facts_t;

/* One header, analysed. */
typedef struct {
    const transport_header_t *header;
    port_facts_t ports[PORTCLASS_N_SIDES]; /* the first header->n_ports sides */
    gboolean roles_known;                  /* both ports captured */
    /* With roles_known: the server's side, the evidence, what the packet
     * proves, and the once-per-conversation events due on it. */
    portclass_header_answer_t answer;
    const char *payload; /* filter name of the protocol decoded above; NULL if none */
    const portclass_app_protocol_t *app; /* the payload's usual ports; NULL if we keep none */
    gboolean nonstandard;                /* app off its usual ports on the server's side */
} header_analysis_t;

/* Analyses one header of the packet. */
void analysis_of_header(const packet_info *pinfo, const transport_header_t *header,
                        header_analysis_t *analysis);

/* The server's and the client's port facts (roles_known only). */
const port_facts_t *analysis_server(const header_analysis_t *analysis);
const port_facts_t *analysis_client(const header_analysis_t *analysis);

/* The words about one side's port, as portclass_text_*() take them. */
portclass_port_words_t analysis_port_words(const header_analysis_t *analysis,
                                           portclass_side_t side);

/* The text of one of the header's addresses, in pinfo's memory; NULL when
 * not known. */
const char *analysis_address_text(packet_info *pinfo, const header_analysis_t *analysis,
                                  portclass_side_t side);

/* The service tables, custom over curated over IANA (portclass-services.c). */

/* Makes the curated table now and registers the routine that frees the
 * tables at exit. Call once, from proto_register_portclass(). */
void services_register(void);

/* The service behind a port. O(1); the first call makes the IANA table. */
portclass_service_t services_lookup(portclass_transport_t transport, guint16 port);

/* Replaces the table of the user's custom services and frees the old one.
 * The table is taken over; NULL removes every custom service. */
void services_set_custom(portclass_table_t *table);

/* The preferences (Edit > Preferences > Protocols > PortClass, tshark -o
 * portclass.NAME:VALUE) and the table of custom services, the
 * portclass_services UAT (portclass-settings.c). */

/* The settings the dissector reads. The booleans are the preferences'
 * own variables, hence Wireshark's boolean type. */
typedef struct {
    portclass_language_t language;        /* of descriptions and tree labels */
    portclass_cb_bool expert_port_state;  /* port open / closed */
    portclass_cb_bool expert_nonstandard; /* a protocol on a port not its own */
    portclass_cb_bool expert_teaching;    /* cleartext, port 0, unusual ports */
    portclass_cb_bool annotate_quoted;    /* headers quoted in ICMP errors */
} settings_t;

/* The current settings. Never NULL. */
const settings_t *settings_current(void);

/* Registers the preferences and the custom services table under our
 * protocol. Call once from proto_register_portclass(). */
void settings_register(int proto);

/* Puts the custom service rows into effect when they changed since the last
 * call. Cheap otherwise; call at the start of each packet. */
void settings_refresh_custom_services(void);

/* The expert infos (portclass-experts.c): what a packet proves about a
 * port and what its conversation is. Severities as Wireshark's own
 * dissectors use them: Chat for the normal flow (a port answering, data
 * cleartext by design), Note for what a reader should look at (a protocol
 * off its ports, a login sent in cleartext, port 0), never more by default:
 * calling a packet wrong is the job of its protocol's dissector. A profile
 * may raise any of them (expert_severity). */

/* The items of a header's subtree that expert infos hang on; any may be
 * NULL (no tree, or nobody asked for that item). */
typedef struct {
    proto_item *summary;
    proto_item *direction;
    proto_item *state;
    proto_item *payload;
} header_items_t;

/* Registers the expert infos under our protocol. Call once from
 * proto_register_portclass(). */
void experts_register(int proto);

/* Raises the expert infos an analysed header calls for, as the preferences
 * allow: its port state, its conversation's first packet with a protocol
 * off its ports, and the notes raised once per conversation (cleartext
 * service, port 0, unusual ports). */
void experts_raise(packet_info *pinfo, const header_analysis_t *analysis,
                   const header_items_t *items);

/* Whether a display filter, column or -e field names the expert infos
 * (_ws.expert and its fields) in a dissection with this tree: then ours
 * are wanted too. FALSE without a tree. */
gboolean experts_asked(proto_tree *tree);

/* Whether a tap collects expert infos (tshark -z expert). */
gboolean experts_tap_listening(void);

/* The "portclass" tap and its statistics tree (portclass-stats.c; tshark
 * -z portclass,tree; Statistics > Port Classification). */

/* One TCP/UDP header whose roles are known, as the tap gets it. Strings
 * live as long as the packet (pinfo->pool) or are static. */
typedef struct {
    portclass_transport_t transport;
    guint16 server_port;
    portclass_class_t server_class;
    const char *server_service; /* NULL when the server port has no assignment */
    gboolean server_cleartext;  /* the server's service is cleartext (curated) */
    gboolean client_to_server;
    portclass_port_state_t port_state; /* what this packet proves */
    const char *server_host;           /* the server's address; NULL if unknown */
    const char *nonstandard_protocol;  /* on a conversation's first non-standard packet */
} stats_header_t;

/* A packet's tap item: its headers whose roles are known, outermost first,
 * then the one an ICMP error quotes. */
typedef struct {
    guint n_headers;
    stats_header_t headers[PORTCLASS_MAX_HEADERS];
} stats_packet_t;

/* Register the tap (once, from proto_register_portclass()) and the
 * statistics tree (the plugin's tap listener entry point). */
void stats_register_tap(void);
void stats_register_tree(void);

/* Whether a statistics tree (or another tap) is listening. Cheap. */
gboolean stats_listening(void);

/* Adds an analysed header whose roles are known to the packet's tap item;
 * past PORTCLASS_MAX_HEADERS headers it adds nothing. */
void stats_add_header(stats_packet_t *packet, packet_info *pinfo,
                      const header_analysis_t *analysis);

/* Hands a copy of the packet's tap item to the listeners, once per packet,
 * after its last header; a packet without headers is not handed on. */
void stats_queue_packet(packet_info *pinfo, const stats_packet_t *packet);

#endif /* PACKET_PORTCLASS_H */
