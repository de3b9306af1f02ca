/* conversation.h - what a conversation's packets showed in the first pass
 * over a capture, in capture order, and so the answer each packet's place
 * in the capture gives, whatever order packets are looked at in later. The
 * server depends on which ports have a service, read only when somebody
 * asks: a record keeps the events for both possible servers. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CONVERSATION_H
#define PORTCLASS_CONVERSATION_H

#include <glib.h>

#include "portclass/ip.h"
#include "portclass/roles.h"

G_BEGIN_DECLS

/* The endpoints of one TCP or UDP header, as the packet carries them. */
typedef struct {
    portclass_transport_t transport;
    guint address_length; /* 4 or 16 */
    /* Source then destination address, address_length bytes each, as an IP
     * header holds them; owned by the caller. */
    const guint8 *addresses;
    guint16 ports[2]; /* source, destination */
} portclass_endpoints_t;

/* What one packet shows of its conversation, besides its endpoints. */
typedef struct {
    guint32 frame;
    gboolean flags_known; /* the TCP flags were captured */
    guint8 tcp_flags;     /* PORTCLASS_TCP_* */
    /* The protocol decoded above the header, when we keep its usual ports. */
    const portclass_app_protocol_t *app;
} portclass_observation_t;

/* What a packet proves about the server's port. */
typedef enum {
    PORTCLASS_PORT_STATE_NONE,
    PORTCLASS_PORT_STATE_OPEN,
    PORTCLASS_PORT_STATE_CLOSED
} portclass_port_state_t;

/* "open", "closed", or NULL for none. Static string. */
const char *portclass_port_state_name(portclass_port_state_t state);

/* A conversation's events, as the frame that showed each (0: none), for
 * either possible server: index h if side h of the first packet is it. */
typedef struct {
    guint32 syn_frame[2];         /* the client's SYN */
    guint32 synack_frame[2];      /* the server's SYN-ACK */
    guint32 open_frame[2];        /* the packet that proved the server port open */
    guint32 closed_frame[2];      /* the packet that proved it closed */
    guint32 nonstandard_frame[2]; /* the first packet with a protocol off its ports */
    const portclass_app_protocol_t *nonstandard_app[2]; /* and that protocol */
} portclass_events_t;

/* What a conversation's packets have shown so far. */
typedef struct {
    gboolean started; /* a packet was added */
    guint32 first_frame, last_frame;
    portclass_first_packet_t first_packet;      /* has_service left FALSE */
    guint8 first_source[PORTCLASS_ADDRESS_MAX]; /* the first packet's source address */
    portclass_events_t events;
    /* A protocol that can add no event: for either possible server, it runs
     * on the server's usual port or its first non-standard packet is kept. */
    const portclass_app_protocol_t *quiet_app;
} portclass_record_state_t;

/* One conversation's record, empty when zero-initialised. Its fields
 * belong to conversation.c. */
typedef struct {
    portclass_record_state_t now;
    portclass_record_state_t before; /* before the last change, to take it back */
    guint32 change_frame;            /* the packet that made the last change; 0: none */
} portclass_record_t;

/* The first pass: adds what a packet's header shows to its conversation's
 * record, starting it with its first packet. Packets come in capture
 * order. */
void portclass_record_add(portclass_record_t *record, const portclass_endpoints_t *endpoints,
                          const portclass_observation_t *packet);

/* tshark -2 -R dissects in its first pass the packets its read filter then
 * drops, and gives the next packet the dropped one's frame number: takes
 * back what the packet of that frame changed in the record, if anything. */
void portclass_record_take_back(portclass_record_t *record, guint32 frame);

/* What one header of one packet says about its conversation. */
typedef struct {
    portclass_side_t server; /* the side of this header that is the server's */
    portclass_evidence_t evidence;
    portclass_port_state_t port_state; /* what this packet proves */
    gboolean conversation_start;       /* the record's first packet */
    gboolean first_nonstandard;        /* its first packet with a protocol off its ports */
    const portclass_app_protocol_t *nonstandard_app; /* that protocol, on that packet */
} portclass_header_answer_t;

/* The answer for a header (endpoints as the packet carries them) in frame:
 * the server chosen from the record's first packet, has_service saying
 * which of the header's ports (by side) have a service. FALSE, and answer
 * untouched, when no packet was added to the record. */
gboolean portclass_record_answer(const portclass_record_t *record,
                                 const portclass_endpoints_t *endpoints,
                                 const gboolean has_service[PORTCLASS_N_SIDES], guint32 frame,
                                 portclass_header_answer_t *answer);

G_END_DECLS

#endif /* PORTCLASS_CONVERSATION_H */
