/* portclass-experts.h - portclass's expert infos: what a packet proves
 * about a port and what its conversation is. Severities as Wireshark's own
 * dissectors use them: Chat for the normal flow (a port answering, data
 * cleartext by design), Note for what a reader should look at (a protocol
 * off its ports, a login sent in cleartext, port 0), never more by default:
 * calling a packet wrong is the job of its protocol's dissector. A profile
 * may raise any of them (expert_severity).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_EXPERTS_H
#define PORTCLASS_EXPERTS_H

#include <epan/packet.h>

#include "portclass-analysis.h"

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

#endif /* PORTCLASS_EXPERTS_H */
