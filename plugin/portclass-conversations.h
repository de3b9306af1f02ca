/* portclass-conversations.h - the conversation records of the open capture
 * file, written in its first pass, and what they answer for a header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CONVERSATIONS_H
#define PORTCLASS_CONVERSATIONS_H

#include <epan/packet.h>

#include "portclass-headers.h"
#include "portclass/conversation.h"
#include "portclass/roles.h"

/* Call once from the handoff: the records then live as long as each file. */
void conversations_init(void);

/* The first pass over the capture (PINFO_FD_VISITED() is false): call for
 * every packet, before conversations_add_packet(). */
void conversations_begin_packet(const packet_info *pinfo);

/* The first pass: adds what the packet's headers that no ICMP error quotes
 * show to the records of their conversations. */
void conversations_add_packet(const packet_info *pinfo, const transport_header_t *headers,
                              guint count);

/* The ports we keep for the protocol with this id, NULL when we keep none
 * (a protocol we never call non-standard). */
const portclass_app_protocol_t *conversations_app_protocol(int proto_id);

/* What the record of the header's conversation answers for this packet:
 * the same in any pass and in any order of packets. has_service says which
 * of the header's ports (by side) have a service, for the choice of the
 * server by port. FALSE, and answer untouched, when the conversation has
 * no record (addresses not known, or never seen by the first pass). */
gboolean conversations_answer(const packet_info *pinfo, const transport_header_t *header,
                              const gboolean has_service[PORTCLASS_N_SIDES],
                              portclass_header_answer_t *answer);

#endif /* PORTCLASS_CONVERSATIONS_H */
