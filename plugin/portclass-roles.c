/* portclass-roles.c - client and server per conversation, passive port
 * state, and the protocol decoded above each header.
 *
 * Each TCP/UDP conversation that Wireshark tracks gets one record (our
 * conversation data), created on the first of its packets that reaches us:
 * that packet decides the roles. Later packets, in capture order, add what
 * they prove (SYN seen, port open or closed, a non-standard service); a
 * packet dissected again (GUI clicks, tshark -2) reads the record and gets
 * the same answers, because each fact is stored with the frame that
 * proved it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <wireshark.h>

#include <epan/conversation.h>
#include <epan/packet.h>

#include "portclass-roles.h"
#include "portclass-services.h"

static int proto_self = -1;

/* One conversation; frame numbers are 0 until the event is seen. */
typedef struct {
    guint32 first_frame;
    guint32 last_frame; /* latest frame that updated the record */
    address client_address;
    guint16 client_port;
    portclass_evidence_t evidence;
    guint32 syn_frame;    /* the client's SYN */
    guint32 synack_frame; /* the server's SYN-ACK */
    guint32 open_frame;   /* the packet that proved the server port open */
    guint32 closed_frame; /* the packet that proved it closed */
    guint32 nonstandard_frame;
} conversation_roles_t;

void roles_init(int self_proto)
{
    proto_self = self_proto;
}

static gboolean has_service(portclass_transport_t transport, guint16 port)
{
    portclass_service_t service = service_data_lookup(transport, port);
    return portclass_service_name(&service) != NULL;
}

static portclass_roles_t decide_from_header(const header_ref_t *header)
{
    portclass_first_packet_t first = {
        .transport = header->transport,
        .flags_known = header->tcp_flags_known,
        .syn = (header->tcp_flags & PORTCLASS_TCP_SYN) != 0,
        .ack = (header->tcp_flags & PORTCLASS_TCP_ACK) != 0,
        .ports = {header->ports[0], header->ports[1]},
        .has_service = {has_service(header->transport, header->ports[0]),
                        has_service(header->transport, header->ports[1])},
    };
    /* A quoted header is a datagram the ICMP sender got: flags of a packet
     * seen elsewhere say nothing about this capture's handshake. */
    if (header->quoted)
        first.flags_known = FALSE;
    return portclass_decide_roles(&first);
}

static conversation_t *find_header_conversation(const packet_info *pinfo,
                                                const header_ref_t *header)
{
    if (header->addresses[0].type == AT_NONE || header->addresses[1].type == AT_NONE)
        return NULL;
    conversation_type type =
        header->transport == PORTCLASS_TCP ? CONVERSATION_TCP : CONVERSATION_UDP;
    return find_conversation(pinfo->num, &header->addresses[0], &header->addresses[1], type,
                             header->ports[0], header->ports[1], 0);
}

static conversation_roles_t *new_record(const packet_info *pinfo, const header_ref_t *header,
                                        portclass_roles_t decision)
{
    conversation_roles_t *record = wmem_new0(wmem_file_scope(), conversation_roles_t);
    guint client_side = 1 - decision.server_side;

    record->first_frame = pinfo->num;
    record->last_frame = pinfo->num;
    record->evidence = decision.evidence;
    record->client_port = header->ports[client_side];
    copy_address_wmem(wmem_file_scope(), &record->client_address, &header->addresses[client_side]);
    return record;
}

/* Whether the header's source is the record's client. */
static gboolean source_is_client(const conversation_roles_t *record, const header_ref_t *header)
{
    if (header->ports[0] != record->client_port)
        return FALSE;
    if (header->ports[1] != record->client_port)
        return TRUE;
    return addresses_equal(&header->addresses[0], &record->client_address);
}

/* Adds what this packet proves; each fact is kept once, with its frame. */
static void record_events(conversation_roles_t *record, const packet_info *pinfo,
                          const header_ref_t *header, gboolean from_client, gboolean nonstandard)
{
    guint32 frame = pinfo->num;

    if (header->transport == PORTCLASS_TCP && header->tcp_flags_known) {
        guint8 flags = header->tcp_flags;
        gboolean syn = (flags & PORTCLASS_TCP_SYN) != 0, ack = (flags & PORTCLASS_TCP_ACK) != 0;
        if (syn && !ack && from_client && !record->syn_frame)
            record->syn_frame = frame;
        if (syn && ack && !from_client) {
            if (record->syn_frame && !record->synack_frame && !record->open_frame)
                record->open_frame = frame;
            if (!record->synack_frame)
                record->synack_frame = frame;
        }
        if ((flags & PORTCLASS_TCP_RST) && !from_client && record->syn_frame &&
            !record->synack_frame && !record->closed_frame)
            record->closed_frame = frame;
    } else if (header->transport == PORTCLASS_UDP && !from_client && !record->open_frame) {
        record->open_frame = frame;
    }
    if (nonstandard && !record->nonstandard_frame)
        record->nonstandard_frame = frame;
    record->last_frame = frame;
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
    roles->app = portclass_app_protocol_lookup(name);
    if (roles->app && roles->known) {
        guint16 server_port = header->ports[roles->server_side];
        roles->nonstandard =
            !portclass_app_protocol_standard_port(roles->app, header->transport, server_port);
    }
}

void roles_analyse(const packet_info *pinfo, const header_ref_t *header, header_roles_t *roles)
{
    *roles = (header_roles_t){0};
    if (header->n_ports < 2)
        return;

    conversation_t *conversation = find_header_conversation(pinfo, header);
    conversation_roles_t *record =
        conversation ? conversation_get_proto_data(conversation, proto_self) : NULL;
    if (!record) {
        portclass_roles_t decision = decide_from_header(header);
        roles->known = TRUE;
        roles->server_side = decision.server_side;
        roles->evidence = decision.evidence;
        if (conversation) {
            record = new_record(pinfo, header, decision);
            conversation_add_proto_data(conversation, proto_self, record);
        }
    }
    if (record) {
        roles->known = TRUE;
        roles->evidence = record->evidence;
        roles->server_side = source_is_client(record, header) ? 1 : 0;
    }
    analyse_payload(header, roles);

    if (header->quoted) {
        /* An ICMP port unreachable proves the quoted destination closed. */
        roles->port_state = header->port_unreachable ? PORT_STATE_CLOSED : PORT_STATE_NONE;
        roles->conversation_start = !record || record->first_frame == pinfo->num;
        return;
    }
    if (!record) {
        roles->conversation_start = TRUE;
        roles->first_nonstandard = roles->nonstandard;
        return;
    }
    if (pinfo->num >= record->last_frame)
        record_events(record, pinfo, header, roles->server_side == 1, roles->nonstandard);
    if (pinfo->num == record->open_frame)
        roles->port_state = PORT_STATE_OPEN;
    else if (pinfo->num == record->closed_frame)
        roles->port_state = PORT_STATE_CLOSED;
    roles->conversation_start = record->first_frame == pinfo->num;
    roles->first_nonstandard = record->nonstandard_frame == pinfo->num;
}
