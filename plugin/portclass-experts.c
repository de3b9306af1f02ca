/* portclass-experts.c - portclass's expert infos, in the language of the
 * preferences.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass-compat.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/tap.h>

#include "packet-portclass.h"

static expert_field ei_portclass_port_open = EI_INIT;
static expert_field ei_portclass_port_closed = EI_INIT;
static expert_field ei_portclass_nonstandard = EI_INIT;
static expert_field ei_portclass_cleartext = EI_INIT;
static expert_field ei_portclass_cleartext_data = EI_INIT;
static expert_field ei_portclass_port_zero = EI_INIT;
static expert_field ei_portclass_dynamic_server = EI_INIT;
static expert_field ei_portclass_well_known_client = EI_INIT;

void experts_register(int proto)
{
    static ei_register_info ei[] = {
        {&ei_portclass_port_open,
         {"portclass.expert.port_open", PI_SEQUENCE, PI_CHAT,
          "A SYN-ACK answering a SYN, or a UDP reply from the server port, shows the port open",
          EXPFILL}},
        {&ei_portclass_port_closed,
         {"portclass.expert.port_closed", PI_SEQUENCE, PI_CHAT,
          "A RST answering a SYN, or an ICMP port unreachable, shows the port closed", EXPFILL}},
        {&ei_portclass_nonstandard,
         {"portclass.expert.nonstandard", PI_PROTOCOL, PI_NOTE,
          "The decoded protocol runs on a port that is not one of its usual ports", EXPFILL}},
        {&ei_portclass_cleartext,
         {"portclass.expert.cleartext", PI_SECURITY, PI_NOTE,
          "A login protocol that sends usernames and passwords unencrypted", EXPFILL}},
        {&ei_portclass_cleartext_data,
         {"portclass.expert.cleartext_data", PI_SECURITY, PI_CHAT,
          "The service carries its data unencrypted", EXPFILL}},
        {&ei_portclass_port_zero,
         {"portclass.expert.port_zero", PI_PROTOCOL, PI_NOTE, "Port 0 is reserved and in use",
          EXPFILL}},
        {&ei_portclass_dynamic_server,
         {"portclass.expert.dynamic_server", PI_SEQUENCE, PI_CHAT,
          "A server on a dynamic/private port", EXPFILL}},
        {&ei_portclass_well_known_client,
         {"portclass.expert.well_known_client", PI_SEQUENCE, PI_CHAT,
          "A client on a well-known source port", EXPFILL}},
    };

    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

/* The notes raised once per conversation, on its first packet: a
 * cleartext service, port 0, a server on a dynamic port, a client on a
 * well-known one. */
static void raise_conversation(packet_info *pinfo, proto_item *item,
                               const header_analysis_t *analysis, portclass_language_t language)
{
    const port_facts_t *server = analysis_server(analysis), *client = analysis_client(analysis);
    portclass_transport_t transport = analysis->header->transport;
    const char *note = portclass_service_cleartext_note(&server->service, language);
    char message[ITEM_LABEL_LENGTH];

    if (note)
        expert_add_info_format(pinfo, item,
                               (portclass_service_flags(&server->service) & PORTCLASS_FLAG_LOGIN)
                                   ? &ei_portclass_cleartext
                                   : &ei_portclass_cleartext_data,
                               "%s", note);
    if (server->port == 0 || client->port == 0) {
        portclass_text_port_note(message, sizeof message, PORTCLASS_NOTE_PORT_ZERO, 0, transport,
                                 language);
        expert_add_info_format(pinfo, item, &ei_portclass_port_zero, "%s", message);
    }
    if (server->cls == PORTCLASS_DYNAMIC) {
        portclass_text_port_note(message, sizeof message, PORTCLASS_NOTE_DYNAMIC_SERVER,
                                 server->port, transport, language);
        expert_add_info_format(pinfo, item, &ei_portclass_dynamic_server, "%s", message);
    }
    if (client->cls == PORTCLASS_WELL_KNOWN && client->port != 0) {
        portclass_text_port_note(message, sizeof message, PORTCLASS_NOTE_WELL_KNOWN_CLIENT,
                                 client->port, transport, language);
        expert_add_info_format(pinfo, item, &ei_portclass_well_known_client, "%s", message);
    }
}

void experts_raise(packet_info *pinfo, const header_analysis_t *analysis,
                   const header_items_t *items)
{
    const settings_t *settings = settings_current();
    const portclass_header_answer_t *answer = &analysis->answer;
    char message[ITEM_LABEL_LENGTH];

    if (!analysis->roles_known)
        return;
    const port_facts_t *server = analysis_server(analysis);
    portclass_transport_t transport = analysis->header->transport;
    proto_item *on_conversation = items->direction ? items->direction : items->summary;
    if (answer->port_state != PORTCLASS_PORT_STATE_NONE && settings->expert_port_state) {
        portclass_text_port_state(message, sizeof message, server->port, transport,
                                  portclass_service_name(&server->service),
                                  analysis_address_text(pinfo, analysis, answer->server),
                                  answer->port_state, settings->language);
        expert_add_info_format(pinfo, items->state ? items->state : on_conversation,
                               answer->port_state == PORTCLASS_PORT_STATE_OPEN
                                   ? &ei_portclass_port_open
                                   : &ei_portclass_port_closed,
                               "%s", message);
    }
    /* With the protocol the conversation's record kept. */
    if (answer->first_nonstandard && answer->nonstandard_app && settings->expert_nonstandard) {
        portclass_text_nonstandard(
            message, sizeof message, answer->nonstandard_app->name, server->port, transport,
            portclass_service_iana_name(&server->service), settings->language);
        expert_add_info_format(pinfo, items->payload ? items->payload : on_conversation,
                               &ei_portclass_nonstandard, "%s", message);
    }
    if (answer->conversation_start && settings->expert_teaching)
        raise_conversation(pinfo, on_conversation, analysis, settings->language);
}

/* "_ws.expert" and its fields: whoever asks for them asks for our expert
 * infos too. The expert protocol registers them after the plugins'
 * handoffs in some versions: they are looked up on first use. */
gboolean experts_asked(proto_tree *tree)
{
    static const char *const names[] = {"_ws.expert", "_ws.expert.message", "_ws.expert.group",
                                        "_ws.expert.severity"};
    static int ids[G_N_ELEMENTS(names)]; /* 0: not looked up yet */

    if (!tree)
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        if (ids[i] == 0)
            ids[i] = proto_registrar_get_id_byname(names[i]);
        if (ids[i] > 0 && proto_field_is_referenced(tree, ids[i]))
            return TRUE;
    }
    return FALSE;
}

gboolean experts_tap_listening(void)
{
    /* The expert tap is registered after the handoffs ran: its id is
     * looked up on first use (tap ids start at 1). */
    static int expert_tap_id;

    if (expert_tap_id <= 0)
        expert_tap_id = find_tap_id("expert");
    return expert_tap_id > 0 && have_tap_listener(expert_tap_id);
}
