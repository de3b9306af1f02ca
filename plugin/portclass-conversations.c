/* portclass-conversations.c - the conversation records of the open capture
 * file, written in its first pass, and each header's roles read from them.
 *
 * A capture is always read once in capture order before packets can be
 * opened in any other order: tshark's pass (the first of -2), the window's
 * and sharkd's loading of the file, a live capture. In that pass, with or
 * without a tree, every TCP/UDP header adds what it shows to the record
 * of its endpoints (epan-free: include/portclass/conversation.h). Later
 * dissections only read. Records belong to the file: they are made anew
 * whenever Wireshark dissects the file afresh (a new file, changed
 * preferences).
 *
 * A TCP connection that reuses the ports of an earlier one is a new
 * conversation for Wireshark's TCP dissector, which starts it at the SYN:
 * a SYN that is not its record's first packet is checked against
 * Wireshark's conversation of the frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <wireshark.h>

#include <epan/conversation.h>
#include <epan/packet.h>

#include "portclass-compat.h"
#include "portclass-conversations.h"
#include "portclass-services.h"

static portclass_conversations_t *records;

static void records_init(void)
{
    records = portclass_conversations_new();
}

static void records_cleanup(void)
{
    portclass_conversations_free(records);
    records = NULL;
}

void conversations_init(int self_proto _U_)
{
    register_init_routine(records_init);
    register_cleanup_routine(records_cleanup);
}

/* ---- Payload protocols ---------------------------------------------------- */

/* The port list we keep for a protocol, by its id. A small cache, as
 * this is asked for every packet of the first pass and the lookup goes by
 * name. */
static const portclass_app_protocol_t *app_protocol(int proto_id)
{
    enum { CACHE_SIZE = 64 };
    static struct {
        int proto_id;
        const portclass_app_protocol_t *app;
    } cache[CACHE_SIZE];
    static gboolean cache_ready;

    if (proto_id <= 0)
        return NULL;
    if (!cache_ready) {
        for (guint i = 0; i < CACHE_SIZE; i++)
            cache[i].proto_id = -1;
        cache_ready = TRUE;
    }
    guint slot = (guint)proto_id % CACHE_SIZE;
    if (cache[slot].proto_id != proto_id) {
        cache[slot].proto_id = proto_id;
        cache[slot].app = portclass_app_protocol_lookup(proto_get_protocol_filter_name(proto_id));
    }
    return cache[slot].app;
}

/* ---- The first pass -------------------------------------------------------- */

typedef struct {
    const packet_info *pinfo;
    const header_ref_t *header;
} reuse_check_t;

/* Whether the SYN of this header started a new TCP conversation on the
 * same ports after first_frame: the TCP dissector does so when the SYN's
 * sequence number is new, and starts it at the SYN's frame. */
static gboolean ports_reused(guint32 first_frame, gpointer data)
{
    const reuse_check_t *check = data;
    const header_ref_t *header = check->header;
    address source, destination;

    header_address(header, 0, &source);
    header_address(header, 1, &destination);
    conversation_t *conversation =
        find_conversation(check->pinfo->num, &source, &destination, PORTCLASS_CONVERSATION_TCP,
                          header->endpoints.ports[0], header->endpoints.ports[1], 0);

    return conversation && conversation->setup_frame > first_frame;
}

static void add_header(const packet_info *pinfo, const header_ref_t *header)
{
    portclass_packet_t packet = {
        .frame = pinfo->num,
        .flags_known = header->tcp_flags_known,
        .tcp_flags = header->tcp_flags,
        .app = app_protocol(header->payload_proto),
    };
    reuse_check_t check = {pinfo, header};

    portclass_conversations_add(records, &header->endpoints, &packet, ports_reused, &check);
}

void conversations_begin_packet(const packet_info *pinfo)
{
    if (records)
        portclass_conversations_begin_packet(records, pinfo->num);
}

void conversations_add_packet(const packet_info *pinfo, const header_ref_t *refs, guint count)
{
    if (!records)
        return;
    for (guint i = 0; i < count; i++) {
        if (!refs[i].quoted && header_endpoints_known(&refs[i]))
            add_header(pinfo, &refs[i]);
    }
}

/* ---- Reading -------------------------------------------------------------- */

static gboolean has_service(portclass_transport_t transport, guint16 port)
{
    portclass_service_t service = service_data_lookup(transport, port);
    return portclass_service_name(&service) != NULL;
}

/* The roles decided from a conversation's first packet. */
static portclass_roles_t decide(portclass_first_packet_t first)
{
    for (guint side = 0; side < 2; side++)
        first.has_service[side] = has_service(first.transport, first.ports[side]);
    return portclass_decide_roles(&first);
}

/* The roles of a header that has no record (its addresses are not known,
 * or the first pass never saw it): decided from the header alone. */
static void roles_without_record(const header_ref_t *header, header_roles_t *roles)
{
    portclass_first_packet_t first = {
        .transport = header->transport,
        /* A quoted header's flags are those of a packet sent elsewhere: they
         * say nothing about this capture's handshake. */
        .flags_known = header->tcp_flags_known && !header->quoted,
        .syn = (header->tcp_flags & PORTCLASS_TCP_SYN) != 0,
        .ack = (header->tcp_flags & PORTCLASS_TCP_ACK) != 0,
        .ports = {header->endpoints.ports[0], header->endpoints.ports[1]},
    };
    portclass_roles_t decision = decide(first);

    roles->server_side = decision.server_side;
    roles->evidence = decision.evidence;
    roles->conversation_start = TRUE;
}

/* The protocol decoded above the header, and whether it runs where it
 * normally does not. "data" means nothing was decoded. */
static void analyse_payload(const header_ref_t *header, header_roles_t *roles)
{
    if (header->payload_proto <= 0)
        return;
    const char *name = proto_get_protocol_filter_name(header->payload_proto);
    if (!name || strcmp(name, "data") == 0)
        return;
    roles->payload = name;
    roles->app = app_protocol(header->payload_proto);
    roles->nonstandard = portclass_app_protocol_nonstandard(
        roles->app, header->transport, header->endpoints.ports[roles->server_side]);
}

void conversations_roles(const packet_info *pinfo, const header_ref_t *header,
                         header_roles_t *roles)
{
    *roles = (header_roles_t){0};
    if (header->n_ports < 2)
        return;
    roles->known = TRUE;

    const portclass_conversation_t *record =
        header_endpoints_known(header) && records
            ? portclass_conversations_find(records, &header->endpoints, pinfo->num)
            : NULL;
    if (record) {
        portclass_roles_t decision = decide(portclass_conversation_first_packet(record));
        portclass_header_roles_t found =
            portclass_conversation_roles(record, &decision, &header->endpoints, pinfo->num);
        roles->server_side = found.server_side;
        roles->evidence = found.evidence;
        roles->port_state = found.port_state;
        roles->conversation_start = found.conversation_start;
        roles->first_nonstandard = found.first_nonstandard;
        roles->first_nonstandard_app = found.nonstandard_app;
    } else {
        roles_without_record(header, roles);
    }
    analyse_payload(header, roles);
    if (!record && !header->quoted) {
        roles->first_nonstandard = roles->nonstandard;
        roles->first_nonstandard_app = roles->app;
    }
    if (header->quoted) {
        /* An ICMP port unreachable proves the quoted destination closed; the
         * conversation's own expert infos belong to its own packets. */
        roles->port_state =
            header->port_unreachable ? PORTCLASS_PORT_STATE_CLOSED : PORTCLASS_PORT_STATE_NONE;
        roles->conversation_start = !record;
        roles->first_nonstandard = FALSE;
    }
}
