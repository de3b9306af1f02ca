/* conversation.h - what each conversation's packets showed when a capture
 * was first read, and the answers that follow from it for any packet.
 *
 * A capture is always read once in capture order first (tshark's pass, the
 * window's or sharkd's loading of the file, a live capture). Only that
 * first pass writes here, so whatever order packets are looked at in
 * later, each gets the same answer: the one its place in the capture
 * gives. Every fact is kept with the frame that showed it.
 *
 * Who the server is depends on which ports have a service, and the service
 * tables are only read when somebody asks for an answer; so the first pass
 * keeps the events for both possible servers (the first packet's source
 * or its destination), and the roles are decided when asked.
 *
 * Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CONVERSATION_H
#define PORTCLASS_CONVERSATION_H

#include <glib.h>

#include "portclass/ip.h"
#include "portclass/registry.h"
#include "portclass/roles.h"

G_BEGIN_DECLS

/* The endpoints of one TCP or UDP header, as the packet carries them. */
typedef struct {
    portclass_transport_t transport;
    guint address_length; /* 4 or 16 */
    /* The source address then the destination address, address_length
     * bytes each, as an IP header holds them; owned by the caller. */
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

typedef struct portclass_conversation portclass_conversation_t;
typedef struct portclass_conversations portclass_conversations_t;

/* An empty table of conversations. Free it with
 * portclass_conversations_free(). */
portclass_conversations_t *portclass_conversations_new(void);

/* Frees the table and every record in it. NULL is accepted. */
void portclass_conversations_free(portclass_conversations_t *table);

/* Call before a packet's headers are added (first pass only, packets in
 * capture order). A packet given the frame number of the one before takes
 * that one's place: what it added is taken back (tshark -2 -R numbers the
 * packets its read filter keeps, and a dropped packet's number is given
 * to the next). */
void portclass_conversations_begin_packet(portclass_conversations_t *table, guint32 frame);

/* Asked when a SYN that is not its record's first packet comes: whether
 * that SYN started a new connection on the same ports after first_frame
 * (Wireshark's TCP dissector decides that, from sequence numbers). */
typedef gboolean (*portclass_ports_reused_t)(guint32 first_frame, gpointer data);

/* The first pass: adds what a packet's header shows to the record of its
 * endpoints (either direction), starting a record for new endpoints or
 * when ports_reused says so. Packets come in capture order. */
void portclass_conversations_add(portclass_conversations_t *table,
                                 const portclass_endpoints_t *endpoints,
                                 const portclass_observation_t *packet,
                                 portclass_ports_reused_t ports_reused, gpointer data);

/* The record of these endpoints (either direction) that holds frame: the
 * latest one that started at or before it. NULL when there is none. The
 * record belongs to the table. */
const portclass_conversation_t *portclass_conversations_find(portclass_conversations_t *table,
                                                             const portclass_endpoints_t *endpoints,
                                                             guint32 frame);

/* The first packet as portclass_choose_server() takes it; has_service is
 * left FALSE for the caller to fill in. */
portclass_first_packet_t
portclass_conversation_first_packet(const portclass_conversation_t *record);

/* What one header of one packet says about its conversation. */
typedef struct {
    portclass_side_t server; /* the side of this header that is the server's */
    portclass_evidence_t evidence;
    portclass_port_state_t port_state; /* what this packet proves */
    gboolean conversation_start;       /* the record's first packet */
    gboolean first_nonstandard;        /* its first packet with a protocol off its ports */
    const portclass_app_protocol_t *nonstandard_app; /* that protocol, on that packet */
} portclass_header_answer_t;

/* The answer for a header of the conversation (endpoints as the packet
 * carries them) in frame, given the roles decided from the first packet. */
portclass_header_answer_t portclass_conversation_answer(const portclass_conversation_t *record,
                                                        const portclass_server_choice_t *choice,
                                                        const portclass_endpoints_t *endpoints,
                                                        guint32 frame);

/* Whether app runs off its usual ports when server_port is the server's. */
gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port);

G_END_DECLS

#endif /* PORTCLASS_CONVERSATION_H */
