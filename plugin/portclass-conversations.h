/* portclass-conversations.h - one record per Wireshark conversation,
 * written in the capture's first pass, and what it answers for a header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CONVERSATIONS_H
#define PORTCLASS_CONVERSATIONS_H

#include <epan/packet.h>

#include "portclass-headers.h"
#include "portclass/conversation.h"
#include "portclass/roles.h"

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

#endif /* PORTCLASS_CONVERSATIONS_H */
