/* portclass-conversations.c - the conversation records of the open capture
 * file, written in its first pass, and each header's roles read from them.
 *
 * A capture is always read once in capture order before packets can be
 * opened in any other order: tshark's pass (the first of -2), the window's
 * and sharkd's loading of the file, a live capture. In that pass, with or
 * without a tree, every TCP/UDP header adds what it shows to the record
 * of its endpoints (epan-free: include/portclass/conversation.h). Later
 * dissections only read. Records belong to the file: they are made anew
 * whenever Wireshark dissects the file afresh (a new file, changed
 * preferences).
 *
 * A TCP connection that reuses the ports of an earlier one is a new
 * conversation for Wireshark's TCP dissector, which starts it at the SYN:
 * a SYN that is not its record's first packet is checked against
 * Wireshark's conversation of the frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass-compat.h"

#include <epan/conversation.h>
#include <epan/packet.h>

#include "portclass-conversations.h"

static portclass_conversations_t *records;

static void records_init(void)
{
    records = portclass_conversations_new();
}

static void records_cleanup(void)
{
    portclass_conversations_free(records);
    records = NULL;
}

void conversations_init(void)
{
    register_init_routine(records_init);
    register_cleanup_routine(records_cleanup);
}

/* ---- Payload protocols ---------------------------------------------------- */

/* A small cache, as this is asked for every packet of the first pass and
 * the lookup goes by name. */
const portclass_app_protocol_t *conversations_app_protocol(int proto_id)
{
    enum { CACHE_SIZE = 64 };
    static struct {
        int proto_id;
        const portclass_app_protocol_t *app;
    } cache[CACHE_SIZE];
    static gboolean cache_ready;

    if (proto_id <= 0)
        return NULL;
    if (!cache_ready) {
        for (guint i = 0; i < CACHE_SIZE; i++)
            cache[i].proto_id = -1;
        cache_ready = TRUE;
    }
    guint slot = (guint)proto_id % CACHE_SIZE;
    if (cache[slot].proto_id != proto_id) {
        cache[slot].proto_id = proto_id;
        cache[slot].app = portclass_app_protocol_lookup(proto_get_protocol_filter_name(proto_id));
    }
    return cache[slot].app;
}

/* ---- The first pass -------------------------------------------------------- */

typedef struct {
    const packet_info *pinfo;
    const transport_header_t *header;
} reuse_check_t;

/* Whether the SYN of this header started a new TCP conversation on the
 * same ports after first_frame: the TCP dissector does so when the SYN's
 * sequence number is new, and starts it at the SYN's frame. */
static gboolean ports_reused(guint32 first_frame, gpointer data)
{
    const reuse_check_t *check = data;
    const transport_header_t *header = check->header;
    address source, destination;

    headers_address(header, 0, &source);
    headers_address(header, 1, &destination);
    conversation_t *conversation =
        find_conversation(check->pinfo->num, &source, &destination, PORTCLASS_CONVERSATION_TCP,
                          header->endpoints.ports[0], header->endpoints.ports[1], 0);

    return conversation && conversation->setup_frame > first_frame;
}

static void add_header(const packet_info *pinfo, const transport_header_t *header)
{
    portclass_observation_t packet = {
        .frame = pinfo->num,
        .flags_known = header->tcp_flags_known,
        .tcp_flags = header->tcp_flags,
        .app = conversations_app_protocol(header->payload_proto),
    };
    reuse_check_t check = {pinfo, header};

    portclass_conversations_add(records, &header->endpoints, &packet, ports_reused, &check);
}

void conversations_begin_packet(const packet_info *pinfo)
{
    if (records)
        portclass_conversations_begin_packet(records, pinfo->num);
}

void conversations_add_packet(const packet_info *pinfo, const transport_header_t *headers,
                              guint count)
{
    if (!records)
        return;
    for (guint i = 0; i < count; i++) {
        if (!headers[i].quoted && headers_endpoints_known(&headers[i]))
            add_header(pinfo, &headers[i]);
    }
}

/* ---- Reading -------------------------------------------------------------- */

gboolean conversations_answer(const packet_info *pinfo, const transport_header_t *header,
                              const gboolean has_service[PORTCLASS_N_SIDES],
                              portclass_header_answer_t *answer)
{
    const portclass_conversation_t *record =
        records && headers_endpoints_known(header)
            ? portclass_conversations_find(records, &header->endpoints, pinfo->num)
            : NULL;

    if (!record)
        return FALSE;
    /* The first packet has the same two ports, maybe the other way round;
     * a port's service is the same whichever side it is on. */
    portclass_first_packet_t first = portclass_conversation_first_packet(record);
    for (portclass_side_t side = PORTCLASS_SOURCE; side < PORTCLASS_N_SIDES; side++)
        first.has_service[side] = first.ports[side] == header->endpoints.ports[PORTCLASS_SOURCE]
                                      ? has_service[PORTCLASS_SOURCE]
                                      : has_service[PORTCLASS_DESTINATION];
    portclass_server_choice_t choice = portclass_choose_server(&first);
    *answer = portclass_conversation_answer(record, &choice, &header->endpoints, pinfo->num);
    return TRUE;
}
