/* portclass-analysis.c - everything portclass decides about one header.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass-compat.h"

#include <epan/address_types.h>
#include <epan/to_str.h>
#include <epan/packet.h>

#include "packet-portclass.h"

static port_facts_t facts_of_port(portclass_transport_t transport, guint16 port)
{
    return (port_facts_t){
        .port = port,
        .cls = portclass_classify(port),
        .service = services_lookup(transport, port),
        .ephemeral = portclass_ephemeral_ranges(port),
    };
}

/* The roles of a header whose conversation has no record (its addresses
 * are not known): chosen from the header alone, as if it were the
 * conversation's first packet. */
static void answer_without_record(const transport_header_t *header,
                                  const gboolean has_service[PORTCLASS_N_SIDES],
                                  portclass_header_answer_t *answer)
{
    portclass_first_packet_t first = {
        .transport = header->transport,
        /* A quoted header's flags are those of a packet sent elsewhere: they
         * say nothing about this capture's handshake. */
        .flags_known = header->tcp_flags_known && !header->quoted,
        .syn = (header->tcp_flags & PORTCLASS_TCP_SYN) != 0,
        .ack = (header->tcp_flags & PORTCLASS_TCP_ACK) != 0,
        .ports = {header->endpoints.ports[0], header->endpoints.ports[1]},
        .has_service = {has_service[0], has_service[1]},
    };
    portclass_server_choice_t choice = portclass_choose_server(&first);

    *answer = (portclass_header_answer_t){
        .server = choice.server,
        .evidence = choice.evidence,
        .conversation_start = TRUE,
    };
}

/* The protocol decoded above the header, and whether it runs where it
 * normally does not. "data" means nothing was decoded. */
static void analyse_payload(header_analysis_t *analysis)
{
    const transport_header_t *header = analysis->header;

    if (header->payload_proto <= 0)
        return;
    const char *name = proto_get_protocol_filter_name(header->payload_proto);
    if (!name || strcmp(name, "data") == 0)
        return;
    analysis->payload = name;
    analysis->app = header->app;
    if (analysis->roles_known)
        analysis->nonstandard = portclass_app_protocol_nonstandard(analysis->app, header->transport,
                                                                   analysis_server(analysis)->port);
}

/* The roles, from the conversation's record when it has one. */
static void analyse_roles(const packet_info *pinfo, header_analysis_t *analysis)
{
    const transport_header_t *header = analysis->header;
    gboolean has_service[PORTCLASS_N_SIDES];
    portclass_header_answer_t *answer = &analysis->answer;

    for (portclass_side_t side = PORTCLASS_SOURCE; side < PORTCLASS_N_SIDES; side++)
        has_service[side] = portclass_service_name(&analysis->ports[side].service) != NULL;
    gboolean recorded = conversations_answer(pinfo, header, has_service, answer);
    if (!recorded)
        answer_without_record(header, has_service, answer);
    analyse_payload(analysis);
    if (header->quoted) {
        /* An ICMP port unreachable proves the quoted destination closed;
         * the conversation's own expert infos belong to its own packets. */
        answer->port_state =
            header->port_unreachable ? PORTCLASS_PORT_STATE_CLOSED : PORTCLASS_PORT_STATE_NONE;
        answer->conversation_start = !recorded;
        answer->first_nonstandard = FALSE;
        answer->nonstandard_app = NULL;
    } else if (!recorded) {
        answer->first_nonstandard = analysis->nonstandard;
        answer->nonstandard_app = analysis->nonstandard ? analysis->app : NULL;
    }
}

void analysis_of_header(const packet_info *pinfo, const transport_header_t *header,
                        header_analysis_t *analysis)
{
    *analysis = (header_analysis_t){.header = header};
    for (guint side = 0; side < header->n_ports && side < PORTCLASS_N_SIDES; side++)
        analysis->ports[side] = facts_of_port(header->transport, header->endpoints.ports[side]);
    /* A header cut off inside its ports says nothing of its conversation. */
    analysis->roles_known = header->n_ports == PORTCLASS_N_SIDES;
    if (analysis->roles_known)
        analyse_roles(pinfo, analysis);
}

const port_facts_t *analysis_server(const header_analysis_t *analysis)
{
    return &analysis->ports[analysis->answer.server];
}

const port_facts_t *analysis_client(const header_analysis_t *analysis)
{
    return &analysis->ports[portclass_other_side(analysis->answer.server)];
}

portclass_port_words_t analysis_port_words(const header_analysis_t *analysis, portclass_side_t side)
{
    const port_facts_t *facts = &analysis->ports[side];
    /* A client's port in an ephemeral range is just the client's pick: any
     * IANA name it has is not the conversation's service. */
    gboolean client = analysis->roles_known && side != analysis->answer.server;
    return (portclass_port_words_t){
        .port = facts->port,
        .cls = facts->cls,
        .service = &facts->service,
        .client_ephemeral = client ? facts->ephemeral : 0,
    };
}

const char *analysis_address_text(packet_info *pinfo, const header_analysis_t *analysis,
                                  portclass_side_t side)
{
    address addr;

    headers_address(analysis->header, side, &addr);
    return addr.type == AT_NONE ? NULL : address_to_str(pinfo->pool, &addr);
}
