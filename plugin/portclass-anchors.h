/* portclass-anchors.h - where each header's subtree goes in a shown tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_ANCHORS_H
#define PORTCLASS_ANCHORS_H

#include <epan/packet.h>

#include "portclass-headers.h"

/* Call once from the handoff. */
void anchors_init(void);

/* Finds, for each header, the top-level item its subtree follows (its
 * TCP/UDP item, the ICMP item for a quoted header, the last protocol item
 * with bytes for a header cut off before its item) and, when its TCP/UDP
 * item is there, takes that item's bytes for the header's. */
void anchors_place(proto_tree *tree, transport_header_t *refs, guint count);

#endif /* PORTCLASS_ANCHORS_H */
