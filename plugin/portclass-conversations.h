/* portclass-conversations.h - the conversation records of the open capture
 * file, written in its first pass, and each header's roles read from them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CONVERSATIONS_H
#define PORTCLASS_CONVERSATIONS_H

#include <epan/packet.h>

#include "portclass-headers.h"
#include "portclass/conversation.h"
#include "portclass/roles.h"

/* What one header of one packet says about its conversation. */
typedef struct {
    gboolean known;    /* roles decided: both ports captured */
    guint server_side; /* 0: this header's source is the server; 1: its destination */
    portclass_evidence_t evidence;
    portclass_port_state_t port_state; /* what this packet proves about the server port */
    const char *payload;               /* filter name of the protocol decoded above; NULL if none */
    const portclass_app_protocol_t *app; /* payload's port list, NULL if we keep none */
    gboolean nonstandard;                /* app has usual ports and the server port is not one */
    /* The once-per-conversation expert infos are due on this packet. */
    gboolean conversation_start;
    /* The conversation's first packet with a protocol off its usual ports,
     * as the first pass over the capture decoded it, and that protocol. */
    gboolean first_nonstandard;
    const portclass_app_protocol_t *first_nonstandard_app;
} header_roles_t;

/* Call once from the handoff with our protocol id. */
void conversations_init(int self_proto);

/* The first pass over the capture (PINFO_FD_VISITED() is false): call for
 * every packet, before conversations_add_packet(). */
void conversations_begin_packet(const packet_info *pinfo);

/* The first pass: adds what
 * the packet's headers show to their conversations' records. */
void conversations_add_packet(const packet_info *pinfo, const header_ref_t *refs, guint count);

/* The roles of a header, read from its conversation's record: the same in
 * any pass and in any order of packets. */
void conversations_roles(const packet_info *pinfo, const header_ref_t *header,
                         header_roles_t *roles);

#endif /* PORTCLASS_CONVERSATIONS_H */
