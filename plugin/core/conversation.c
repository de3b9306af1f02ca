/* conversation.c - what a conversation's packets showed in the first pass
 * over a capture, and the answers derived from it. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass/conversation.h"

const char *portclass_port_state_name(portclass_port_state_t state)
{
    static const char *const names[] = {NULL, "open", "closed"};

    return state < G_N_ELEMENTS(names) ? names[state] : NULL;
}

/* Which side of the record's first packet (PORTCLASS_SOURCE: its sender)
 * sent a packet with these endpoints. Equal ports (53 to 53) are told
 * apart by the address. */
static portclass_side_t sender_of(const portclass_record_state_t *state,
                                  const portclass_endpoints_t *endpoints)
{
    gboolean first_sender =
        endpoints->ports[0] != endpoints->ports[1]
            ? endpoints->ports[0] == state->first_packet.ports[0]
            : memcmp(endpoints->addresses, state->first_source, endpoints->address_length) == 0;

    return first_sender ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
}

/* Records the TCP handshake events the packet shows if side server is the
 * server: the client's SYN; a SYN-ACK answering it proves the port open; a
 * RST answering a SYN that got no SYN-ACK proves it closed. */
static void add_tcp_events(portclass_events_t *events, portclass_side_t server,
                           gboolean from_client, guint8 flags, guint32 frame)
{
    gboolean syn = (flags & PORTCLASS_TCP_SYN) != 0, ack = (flags & PORTCLASS_TCP_ACK) != 0;

    if (syn && !ack && from_client && !events->syn_frame[server])
        events->syn_frame[server] = frame;
    if (syn && ack && !from_client && !events->synack_frame[server]) {
        if (events->syn_frame[server] && !events->open_frame[server])
            events->open_frame[server] = frame;
        events->synack_frame[server] = frame;
    }
    if ((flags & PORTCLASS_TCP_RST) && !from_client && events->syn_frame[server] &&
        !events->synack_frame[server] && !events->closed_frame[server])
        events->closed_frame[server] = frame;
}

/* Whether app, on a packet from sender, is the first protocol off its ports
 * if side server is the server. */
static gboolean new_nonstandard(const portclass_events_t *events, portclass_side_t server,
                                portclass_side_t sender, const portclass_endpoints_t *endpoints,
                                const portclass_app_protocol_t *app)
{
    guint16 server_port =
        endpoints->ports[server == sender ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION];

    return !events->nonstandard_frame[server] &&
           portclass_app_protocol_nonstandard(app, endpoints->transport, server_port);
}

static void add_events(portclass_events_t *events, portclass_side_t sender,
                       const portclass_endpoints_t *endpoints,
                       const portclass_observation_t *packet)
{
    for (portclass_side_t server = PORTCLASS_SOURCE; server < PORTCLASS_N_SIDES; server++) {
        gboolean from_client = sender != server;
        if (endpoints->transport == PORTCLASS_TCP && packet->flags_known)
            add_tcp_events(events, server, from_client, packet->tcp_flags, packet->frame);
        else if (endpoints->transport == PORTCLASS_UDP && !from_client &&
                 !events->open_frame[server])
            events->open_frame[server] = packet->frame; /* a reply from the server port */
        if (new_nonstandard(events, server, sender, endpoints, packet->app)) {
            events->nonstandard_frame[server] = packet->frame;
            events->nonstandard_app[server] = packet->app;
        }
    }
}

/* Whether the packet can add no event, whichever side is the server: most
 * packets of a conversation, which this tells at little cost. */
static gboolean adds_nothing(portclass_record_state_t *state, portclass_side_t sender,
                             const portclass_endpoints_t *endpoints,
                             const portclass_observation_t *packet)
{
    if (packet->app && packet->app != state->quiet_app) {
        for (portclass_side_t server = PORTCLASS_SOURCE; server < PORTCLASS_N_SIDES; server++) {
            if (new_nonstandard(&state->events, server, sender, endpoints, packet->app))
                return FALSE;
        }
        state->quiet_app = packet->app;
    }
    if (endpoints->transport == PORTCLASS_UDP)
        return state->events.open_frame[sender] != 0;
    return !packet->flags_known ||
           (packet->tcp_flags & (PORTCLASS_TCP_SYN | PORTCLASS_TCP_RST)) == 0;
}

/* Keeps the state before a packet's first change to the record. */
static void note_change(portclass_record_t *record, guint32 frame)
{
    if (record->change_frame == frame)
        return;
    record->before = record->now;
    record->change_frame = frame;
}

void portclass_record_add(portclass_record_t *record, const portclass_endpoints_t *endpoints,
                          const portclass_observation_t *packet)
{
    portclass_record_state_t *state = &record->now;

    if (!state->started) {
        note_change(record, packet->frame);
        *state = (portclass_record_state_t){.started = TRUE, .first_frame = packet->frame};
        state->first_packet = (portclass_first_packet_t){
            .transport = endpoints->transport,
            .flags_known = packet->flags_known,
            .syn = (packet->tcp_flags & PORTCLASS_TCP_SYN) != 0,
            .ack = (packet->tcp_flags & PORTCLASS_TCP_ACK) != 0,
            .ports = {endpoints->ports[0], endpoints->ports[1]},
        };
        memcpy(state->first_source, endpoints->addresses,
               MIN(endpoints->address_length, (guint)PORTCLASS_ADDRESS_MAX));
    } else if (packet->frame < state->last_frame) {
        return; /* only the first pass, in capture order, adds */
    }
    state->last_frame = packet->frame;
    portclass_side_t sender = sender_of(state, endpoints);
    if (adds_nothing(state, sender, endpoints, packet))
        return;
    portclass_events_t events = state->events;
    add_events(&events, sender, endpoints, packet);
    if (memcmp(&events, &state->events, sizeof events) != 0) {
        note_change(record, packet->frame);
        state->events = events;
    }
}

void portclass_record_take_back(portclass_record_t *record, guint32 frame)
{
    if (record->change_frame == frame) {
        record->now = record->before;
        record->change_frame = 0;
    }
}

gboolean portclass_record_answer(const portclass_record_t *record,
                                 const portclass_endpoints_t *endpoints,
                                 const gboolean has_service[PORTCLASS_N_SIDES], guint32 frame,
                                 portclass_header_answer_t *answer)
{
    const portclass_record_state_t *state = &record->now;
    const portclass_events_t *events = &state->events;
    portclass_first_packet_t first = state->first_packet;

    if (!state->started)
        return FALSE;
    /* The first packet has the same two ports, maybe the other way round;
     * a port's service is the same whichever side it is on. */
    for (guint side = 0; side < PORTCLASS_N_SIDES; side++)
        first.has_service[side] = first.ports[side] == endpoints->ports[PORTCLASS_SOURCE]
                                      ? has_service[PORTCLASS_SOURCE]
                                      : has_service[PORTCLASS_DESTINATION];
    portclass_server_choice_t choice = portclass_choose_server(&first);
    portclass_side_t server = choice.server; /* a side of the first packet */
    *answer = (portclass_header_answer_t){
        /* This header's source is the server when it sent what the server sent. */
        .server = sender_of(state, endpoints) == server ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION,
        .evidence = choice.evidence,
        .conversation_start = frame == state->first_frame,
        .first_nonstandard = frame == events->nonstandard_frame[server],
    };
    answer->nonstandard_app = answer->first_nonstandard ? events->nonstandard_app[server] : NULL;
    if (frame == events->open_frame[server])
        answer->port_state = PORTCLASS_PORT_STATE_OPEN;
    else if (frame == events->closed_frame[server])
        answer->port_state = PORTCLASS_PORT_STATE_CLOSED;
    return TRUE;
}
