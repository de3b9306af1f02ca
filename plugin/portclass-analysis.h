/* portclass-analysis.h - everything portclass decides about one TCP/UDP
 * header, worked out once: its ports' facts, the roles, what the packet
 * shows. The subtree, the expert infos and the statistics are made from it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_ANALYSIS_H
#define PORTCLASS_ANALYSIS_H

#include <epan/packet.h>

#include "portclass-headers.h"
#include "portclass/class.h"
#include "portclass/conversation.h"
#include "portclass/registry.h"
#include "portclass/roles.h"
#include "portclass/text.h"

/* What one port of a header is. */
typedef struct {
    guint16 port;
    portclass_class_t cls;
    portclass_service_t service; /* custom over curated over IANA */
    guint ephemeral;             /* PORTCLASS_EPHEMERAL_* ranges holding the port */
} port_facts_t;

/* One header, analysed. */
typedef struct {
    const transport_header_t *header;
    port_facts_t ports[PORTCLASS_N_SIDES]; /* the first header->n_ports sides */
    gboolean roles_known;                  /* both ports captured */
    /* With roles_known: the server's side, the evidence, what the packet
     * proves, and the once-per-conversation events due on it. */
    portclass_header_answer_t answer;
    const char *payload; /* filter name of the protocol decoded above; NULL if none */
    const portclass_app_protocol_t *app; /* the payload's usual ports; NULL if we keep none */
    gboolean nonstandard;                /* app off its usual ports on the server's side */
} header_analysis_t;

/* Analyses one header of the packet. */
void analysis_of_header(const packet_info *pinfo, const transport_header_t *header,
                        header_analysis_t *analysis);

/* The server's and the client's port facts (roles_known only). */
const port_facts_t *analysis_server(const header_analysis_t *analysis);
const port_facts_t *analysis_client(const header_analysis_t *analysis);

/* The words about one side's port, as portclass_text_*() take them. */
portclass_port_words_t analysis_port_words(const header_analysis_t *analysis,
                                           portclass_side_t side);

/* The text of one of the header's addresses, in pinfo's memory; NULL when
 * not known. */
const char *analysis_address_text(packet_info *pinfo, const header_analysis_t *analysis,
                                  portclass_side_t side);

#endif /* PORTCLASS_ANALYSIS_H */
