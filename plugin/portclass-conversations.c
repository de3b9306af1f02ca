/* portclass-conversations.c - portclass's record on each of Wireshark's
 * TCP and UDP conversations (include/portclass/conversation.h), written in
 * the capture's first pass, with or without a tree, and read afterwards.
 * A header's conversation is the one Wireshark keeps for its own addresses
 * and ports: a tunnel's outer layers have theirs, and a TCP connection
 * that reuses ports gets a new one. Records live in the file's scope.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass-compat.h"

#include <epan/conversation.h>
#include <epan/packet.h>

#include "packet-portclass.h"

static int proto_self = -1;

/* The records the first pass's last packet added to, and its frame. */
static GPtrArray *last_records;
static guint32 last_frame;

/* The conversation last found for some endpoints, and its record (see
 * recent_slot()). */
typedef struct {
    conversation_t *conversation;
    portclass_record_t *record;      /* NULL: not looked up yet */
    portclass_endpoints_t endpoints; /* with addresses pointing to addresses */
    guint8 addresses[2 * PORTCLASS_ADDRESS_MAX];
} recent_t;

#define RECENT_SLOTS 1024
static recent_t recent[RECENT_SLOTS];

static void first_pass_reset(void)
{
    memset(recent, 0, sizeof recent); /* the conversations go with the file */
    g_ptr_array_set_size(last_records, 0);
    last_frame = 0;
}

static void free_last_records(void)
{
    g_ptr_array_free(last_records, TRUE);
    last_records = NULL;
}

void conversations_init(int proto)
{
    proto_self = proto;
    last_records = g_ptr_array_new();
    register_init_routine(first_pass_reset);
    register_shutdown_routine(free_last_records);
}

/* Wireshark's lookup hashes both addresses byte by byte, in both
 * directions: about 1,200 instructions a call, more than the rest of a
 * packet's first pass. But the TCP or UDP dissector has just found the same
 * conversation for the same frame, and Wireshark marks that by moving the
 * conversation's last_frame up to it. So the conversation last found for a
 * header's endpoints is taken again, without a lookup, when Wireshark found
 * it in this very frame. Only exact conversations (no wildcards), whose key
 * is those endpoints; never for a TCP SYN, where the TCP dissector starts a
 * new conversation on reused ports after finding the old one. */
static recent_t *recent_slot(const portclass_endpoints_t *endpoints)
{
    /* The same slot either way round: the ports and the last byte of each
     * address, combined symmetrically. */
    const guint8 *a = endpoints->addresses;
    guint n = endpoints->address_length;
    guint key = endpoints->ports[0] ^ endpoints->ports[1] ^ (guint)(a[n - 1] ^ a[2 * n - 1]) << 8;

    return &recent[(key ^ endpoints->transport) % RECENT_SLOTS];
}

/* Fixed-length comparisons, which the compiler does inline. */
static gboolean same_address(const guint8 *a, const guint8 *b, gsize n)
{
    return n == 4 ? memcmp(a, b, 4) == 0 : memcmp(a, b, PORTCLASS_ADDRESS_MAX) == 0;
}

static gboolean same_endpoints(const recent_t *slot, const portclass_endpoints_t *endpoints)
{
    const portclass_endpoints_t *old = &slot->endpoints;
    gsize n = endpoints->address_length;
    const guint8 *a = endpoints->addresses;

    if (old->transport != endpoints->transport || old->address_length != n)
        return FALSE;
    if (old->ports[0] == endpoints->ports[0] && old->ports[1] == endpoints->ports[1])
        return same_address(slot->addresses, a, n) && same_address(slot->addresses + n, a + n, n);
    return old->ports[0] == endpoints->ports[1] && old->ports[1] == endpoints->ports[0] &&
           same_address(slot->addresses, a + n, n) && same_address(slot->addresses + n, a, n);
}

/* Wireshark's conversation of a header whose endpoints are known, which
 * is remembered in slot when it is exact. */
static conversation_t *conversation_of(const packet_info *pinfo, const transport_header_t *header,
                                       recent_t *slot)
{
    const portclass_endpoints_t *endpoints = &header->endpoints;
    address source, destination;

    headers_address(header, 0, &source);
    headers_address(header, 1, &destination);
    conversation_t *conversation =
        find_conversation(pinfo->num, &source, &destination,
                          header->transport == PORTCLASS_TCP ? PORTCLASS_CONVERSATION_TCP
                                                             : PORTCLASS_CONVERSATION_UDP,
                          endpoints->ports[0], endpoints->ports[1], 0);
    slot->conversation = conversation && conversation->options == 0 ? conversation : NULL;
    slot->record = NULL;
    slot->endpoints = *endpoints;
    slot->endpoints.addresses = slot->addresses;
    memcpy(slot->addresses, endpoints->addresses, 2 * (gsize)endpoints->address_length);
    return conversation;
}

/* The record on a header's conversation, made when create and there is
 * none; NULL when the header has no conversation (or no record). */
static portclass_record_t *record_of(const packet_info *pinfo, const transport_header_t *header,
                                     gboolean create)
{
    if (!headers_endpoints_known(header))
        return NULL;
    recent_t *slot = recent_slot(&header->endpoints);
    gboolean syn = header->tcp_flags_known && (header->tcp_flags & PORTCLASS_TCP_SYN);
    gboolean hit = slot->conversation && !syn && slot->conversation->last_frame == pinfo->num &&
                   same_endpoints(slot, &header->endpoints);
    conversation_t *conversation = hit ? slot->conversation : conversation_of(pinfo, header, slot);
    if (!conversation)
        return NULL;
    portclass_record_t *record =
        hit && slot->record ? slot->record : conversation_get_proto_data(conversation, proto_self);
    if (!record && create) {
        record = wmem_new0(wmem_file_scope(), portclass_record_t);
        conversation_add_proto_data(conversation, proto_self, record);
    }
    if (conversation == slot->conversation)
        slot->record = record;
    return record;
}

void conversations_add_packet(const packet_info *pinfo, const transport_header_t *headers,
                              guint count)
{
    /* A packet given the frame number of the one before: tshark -2 -R
     * dropped that one. */
    if (pinfo->num == last_frame) {
        for (guint i = 0; i < last_records->len; i++)
            portclass_record_take_back(g_ptr_array_index(last_records, i), last_frame);
    }
    g_ptr_array_set_size(last_records, 0);
    last_frame = pinfo->num;
    for (guint i = 0; i < count; i++) {
        const transport_header_t *header = &headers[i];
        portclass_record_t *record = header->quoted ? NULL : record_of(pinfo, header, TRUE);
        if (!record)
            continue;
        portclass_observation_t packet = {pinfo->num, header->tcp_flags_known, header->tcp_flags,
                                          header->app};
        portclass_record_add(record, &header->endpoints, &packet);
        g_ptr_array_add(last_records, record);
    }
}

gboolean conversations_answer(const packet_info *pinfo, const transport_header_t *header,
                              const gboolean has_service[PORTCLASS_N_SIDES],
                              portclass_header_answer_t *answer)
{
    const portclass_record_t *record = record_of(pinfo, header, FALSE);

    return record &&
           portclass_record_answer(record, &header->endpoints, has_service, pinfo->num, answer);
}
