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

/* The packets of the first pass, numbered from 1 in the order they come
 * (serial), and the frame number of the last one. */
static guint32 serial;
static guint32 serial_frame;
/* For frame numbers given to more than one packet (tshark -2 -R): the
 * serial of the last packet given it, which the read filter kept. NULL
 * while there is none. */
static wmem_map_t *kept_serials;

/* The conversation last found for some endpoints, and its record (see
 * recent_conversation()). */
typedef struct {
    conversation_t *conversation;
    portclass_record_t *record; /* NULL: not looked up yet */
    portclass_transport_t transport;
    guint address_length;
    guint16 ports[2];
    guint8 addresses[2 * PORTCLASS_ADDRESS_MAX];
} recent_t;

#define RECENT_SLOTS 1024
static recent_t recent[RECENT_SLOTS];

static void first_pass_reset(void)
{
    memset(recent, 0, sizeof recent); /* the conversations go with the file */
    serial = 0;
    serial_frame = 0;
    kept_serials = NULL; /* in the file's scope, freed with it */
}

void conversations_init(int proto)
{
    proto_self = proto;
    register_init_routine(first_pass_reset);
}

/* Numbers a packet of the first pass. A packet given the frame number of
 * the one before means that one was dropped. */
static void count_packet(guint32 frame)
{
    serial++;
    if (frame == serial_frame) {
        if (!kept_serials)
            kept_serials = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
        wmem_map_insert(kept_serials, GUINT_TO_POINTER(frame), GUINT_TO_POINTER(serial));
    }
    serial_frame = frame;
}

static gboolean dropped(guint32 frame, guint32 packet_serial, gpointer data _U_)
{
    gpointer kept = kept_serials ? wmem_map_lookup(kept_serials, GUINT_TO_POINTER(frame)) : NULL;

    return kept && GPOINTER_TO_UINT(kept) != packet_serial;
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
    gsize n = endpoints->address_length;
    const guint8 *a = endpoints->addresses;

    if (slot->transport != endpoints->transport || slot->address_length != n)
        return FALSE;
    if (slot->ports[0] == endpoints->ports[0] && slot->ports[1] == endpoints->ports[1])
        return same_address(slot->addresses, a, n) && same_address(slot->addresses + n, a + n, n);
    return slot->ports[0] == endpoints->ports[1] && slot->ports[1] == endpoints->ports[0] &&
           same_address(slot->addresses, a + n, n) && same_address(slot->addresses + n, a, n);
}

static gboolean recent_conversation(const recent_t *slot, const packet_info *pinfo,
                                    const transport_header_t *header)
{
    gboolean syn = header->tcp_flags_known && (header->tcp_flags & PORTCLASS_TCP_SYN);

    return slot->conversation && !syn && slot->conversation->last_frame == pinfo->num &&
           same_endpoints(slot, &header->endpoints);
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
    slot->transport = endpoints->transport;
    slot->address_length = endpoints->address_length;
    slot->ports[0] = endpoints->ports[0];
    slot->ports[1] = endpoints->ports[1];
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
    gboolean hit = recent_conversation(slot, pinfo, header);
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
    if (record)
        portclass_record_settle(record, dropped, NULL);
    return record;
}

void conversations_add_packet(const packet_info *pinfo, const transport_header_t *headers,
                              guint count)
{
    count_packet(pinfo->num);
    for (guint i = 0; i < count; i++) {
        const transport_header_t *header = &headers[i];
        portclass_record_t *record = header->quoted ? NULL : record_of(pinfo, header, TRUE);
        if (!record)
            continue;
        portclass_observation_t packet = {
            .frame = pinfo->num,
            .flags_known = header->tcp_flags_known,
            .tcp_flags = header->tcp_flags,
            .app = header->app,
        };
        portclass_record_add(record, &header->endpoints, &packet, serial);
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
