/* portclass-roles.h - client and server per conversation, passive port
 * state, and what was decoded above each header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_ROLES_GLUE_H
#define PORTCLASS_ROLES_GLUE_H

#include <epan/packet.h>

#include "portclass-headers.h"
#include "portclass/roles.h"

typedef enum { PORT_STATE_NONE, PORT_STATE_OPEN, PORT_STATE_CLOSED } port_state_t;

/* What one header of one packet says about its conversation. */
typedef struct {
    gboolean known;    /* roles decided: both ports and both addresses known */
    guint server_side; /* 0: this header's source is the server; 1: its destination */
    portclass_evidence_t evidence;
    port_state_t port_state; /* what this packet proves about the server port */
    const char *payload;     /* filter name of the protocol decoded above; NULL if none */
    const portclass_app_protocol_t *app; /* payload's port list, NULL if we keep none */
    gboolean nonstandard;                /* app has usual ports and the server port is not one */
    /* The once-per-conversation expert infos are due on this packet. */
    gboolean conversation_start;
    gboolean first_nonstandard;
} header_roles_t;

/* Call once from the handoff with our protocol id, which keys our data in
 * Wireshark's conversations. */
void roles_init(int self_proto);

/* Works out the roles of the conversation the header belongs to (decided
 * once, on the first packet of the conversation that reaches us, and kept
 * with the conversation) and what this packet shows. Packets must first
 * reach it in capture order; later visits, in any order, get the same
 * answers. */
void roles_analyse(const packet_info *pinfo, const header_ref_t *header, header_roles_t *roles);

#endif /* PORTCLASS_ROLES_GLUE_H */
