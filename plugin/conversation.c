/* conversation.c - conversation records kept from the first pass over a
 * capture, and the answers derived from them. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass/conversation.h"

/* The two sides of a conversation, named after its first packet. */
enum { FIRST_SOURCE = 0, FIRST_DESTINATION = 1 };

/* A conversation's events, each kept with the frame that showed it (0: not
 * seen), for either possible server: index h means side h is the server. */
typedef struct {
    guint32 syn_frame[2];    /* the client's SYN */
    guint32 synack_frame[2]; /* the server's SYN-ACK */
    guint32 open_frame[2];   /* the packet that proved the server port open */
    guint32 closed_frame[2]; /* the packet that proved it closed */
    guint32 nonstandard_frame[2];
} events_t;

struct portclass_conversation {
    portclass_conversation_t *earlier; /* same endpoints, before their ports were reused */
    guint32 first_frame;
    guint32 last_frame;
    /* The first packet's source, which names side FIRST_SOURCE. */
    guint8 first_source_address[PORTCLASS_ADDRESS_MAX];
    guint16 first_source_port;
    portclass_first_packet_t first_packet;
    events_t events;
};

/* Endpoints in one order whichever direction a packet goes: the lower
 * (address, port) first. The key of the table. */
typedef struct {
    portclass_transport_t transport;
    guint address_length;
    guint8 addresses[2][PORTCLASS_ADDRESS_MAX];
    guint16 ports[2];
} conversation_key_t;

/* One set of endpoints: its key and its latest record. */
typedef struct {
    conversation_key_t key;
    portclass_conversation_t *latest;
} conversation_entry_t;

/* One change a packet made to the table, and what was there before. */
typedef struct {
    portclass_conversation_t *record;
    portclass_conversation_t before; /* when the packet changed the record */
    conversation_entry_t *entry;     /* when the packet started the record */
} change_t;

/* Room for every change one packet can make: a start and a change for each
 * of its headers. */
#define MAX_CHANGES 40

struct portclass_conversations {
    GHashTable *entries; /* conversation_key_t -> conversation_entry_t */
    /* The entry found last: packets of one conversation tend to follow one
     * another, and comparing a key costs less than hashing it. */
    conversation_entry_t *recent;
    /* What the packet being added changed, so that it can be taken back:
     * tshark -2 -R drops a packet its read filter refuses and gives the
     * next packet the same frame number. */
    guint32 changes_frame;
    guint n_changes;
    change_t changes[MAX_CHANGES];
};

const char *portclass_port_state_name(portclass_port_state_t state)
{
    switch (state) {
    case PORTCLASS_PORT_STATE_OPEN:
        return "open";
    case PORTCLASS_PORT_STATE_CLOSED:
        return "closed";
    default:
        return NULL;
    }
}

/* ---- The table ---------------------------------------------------------- */

static int compare_endpoint(const portclass_endpoints_t *endpoints, guint a, guint b)
{
    int by_address =
        memcmp(endpoints->addresses[a], endpoints->addresses[b], endpoints->address_length);
    if (by_address != 0)
        return by_address;
    return (int)endpoints->ports[a] - (int)endpoints->ports[b];
}

static void make_key(const portclass_endpoints_t *endpoints, conversation_key_t *key)
{
    guint low = compare_endpoint(endpoints, 0, 1) <= 0 ? 0 : 1;

    memset(key, 0, sizeof *key);
    key->transport = endpoints->transport;
    key->address_length = MIN(endpoints->address_length, PORTCLASS_ADDRESS_MAX);
    for (guint i = 0; i < 2; i++) {
        guint side = i == 0 ? low : 1 - low;
        memcpy(key->addresses[i], endpoints->addresses[side], key->address_length);
        key->ports[i] = endpoints->ports[side];
    }
}

static guint32 mix(guint32 hash, guint32 value)
{
    hash = (hash ^ value) * 0x9e3779b1u; /* Knuth's multiplicative constant */
    return hash ^ (hash >> 15);
}

/* A word at a time over the bytes in use: this runs for every packet of the
 * first pass. */
static guint hash_key(gconstpointer data)
{
    const conversation_key_t *key = data;
    guint32 hash = mix((guint32)key->transport << 8 | key->address_length,
                       (guint32)key->ports[0] << 16 | key->ports[1]);

    for (guint side = 0; side < 2; side++) {
        for (guint at = 0; at + 4 <= key->address_length; at += 4) {
            guint32 word;
            memcpy(&word, key->addresses[side] + at, sizeof word);
            hash = mix(hash, word);
        }
    }
    return hash;
}

/* Keys are zero-filled before they are set, so padding and unused address
 * bytes compare equal. */
static gboolean equal_keys(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(conversation_key_t)) == 0;
}

static void free_entry(gpointer data)
{
    conversation_entry_t *entry = data;
    portclass_conversation_t *record = entry->latest;

    while (record) {
        portclass_conversation_t *earlier = record->earlier;
        g_free(record);
        record = earlier;
    }
    g_free(entry);
}

portclass_conversations_t *portclass_conversations_new(void)
{
    portclass_conversations_t *table = g_new0(portclass_conversations_t, 1);

    table->entries = g_hash_table_new_full(hash_key, equal_keys, NULL, free_entry);
    return table;
}

void portclass_conversations_free(portclass_conversations_t *table)
{
    if (!table)
        return;
    g_hash_table_destroy(table->entries);
    g_free(table);
}

static conversation_entry_t *find_entry(portclass_conversations_t *table,
                                        const conversation_key_t *key)
{
    if (table->recent && equal_keys(&table->recent->key, key))
        return table->recent;
    conversation_entry_t *entry = g_hash_table_lookup(table->entries, key);
    if (entry)
        table->recent = entry;
    return entry;
}

portclass_conversation_t *portclass_conversations_find(portclass_conversations_t *table,
                                                       const portclass_endpoints_t *endpoints,
                                                       guint32 frame)
{
    conversation_key_t key;

    make_key(endpoints, &key);
    conversation_entry_t *entry = find_entry(table, &key);
    portclass_conversation_t *record = entry ? entry->latest : NULL;
    while (record && record->first_frame > frame)
        record = record->earlier;
    return record;
}

/* ---- Taking a packet back ----------------------------------------------- */

static void note_change(portclass_conversations_t *table, portclass_conversation_t *record,
                        conversation_entry_t *started_in)
{
    if (table->n_changes >= MAX_CHANGES)
        return;
    change_t *change = &table->changes[table->n_changes++];
    change->record = record;
    change->entry = started_in;
    if (!started_in)
        change->before = *record;
}

/* Takes back a start: the record is its entry's latest, as every later
 * change of the same packet was taken back first. */
static void take_back_start(portclass_conversations_t *table, const change_t *change)
{
    conversation_entry_t *entry = change->entry;

    entry->latest = change->record->earlier;
    g_free(change->record);
    if (!entry->latest) {
        if (table->recent == entry)
            table->recent = NULL;
        g_hash_table_remove(table->entries, &entry->key);
    }
}

void portclass_conversations_begin_packet(portclass_conversations_t *table, guint32 frame)
{
    if (frame == table->changes_frame) {
        for (guint i = table->n_changes; i > 0; i--) {
            const change_t *change = &table->changes[i - 1];
            if (change->entry)
                take_back_start(table, change);
            else
                *change->record = change->before;
        }
    }
    table->changes_frame = frame;
    table->n_changes = 0;
}

portclass_conversation_t *portclass_conversations_start(portclass_conversations_t *table,
                                                        const portclass_endpoints_t *endpoints,
                                                        const portclass_packet_t *packet)
{
    conversation_key_t key;

    make_key(endpoints, &key);
    conversation_entry_t *entry = find_entry(table, &key);
    if (!entry) {
        entry = g_new0(conversation_entry_t, 1);
        entry->key = key;
        g_hash_table_insert(table->entries, &entry->key, entry);
        table->recent = entry;
    }

    portclass_conversation_t *record = g_new0(portclass_conversation_t, 1);
    record->earlier = entry->latest;
    record->first_frame = packet->frame;
    record->last_frame = packet->frame;
    memcpy(record->first_source_address, endpoints->addresses[0], key.address_length);
    record->first_source_port = endpoints->ports[0];
    record->first_packet = (portclass_first_packet_t){
        .transport = endpoints->transport,
        .flags_known = packet->flags_known,
        .syn = (packet->tcp_flags & PORTCLASS_TCP_SYN) != 0,
        .ack = (packet->tcp_flags & PORTCLASS_TCP_ACK) != 0,
        .ports = {endpoints->ports[0], endpoints->ports[1]},
    };
    entry->latest = record;
    note_change(table, record, entry);
    return record;
}

/* ---- What packets show -------------------------------------------------- */

/* The side (FIRST_SOURCE or FIRST_DESTINATION) that sent a packet. */
static guint sender_side(const portclass_conversation_t *record,
                         const portclass_endpoints_t *endpoints)
{
    if (endpoints->ports[0] != record->first_source_port)
        return FIRST_DESTINATION;
    if (endpoints->ports[1] != record->first_source_port)
        return FIRST_SOURCE;
    /* Both ports equal: the addresses tell. */
    return memcmp(endpoints->addresses[0], record->first_source_address,
                  endpoints->address_length) == 0
               ? FIRST_SOURCE
               : FIRST_DESTINATION;
}

gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port)
{
    return app && !portclass_app_protocol_standard_port(app, transport, server_port);
}

/* Records the TCP handshake events the packet shows if side server is the
 * server: the client's SYN; a SYN-ACK answering it proves the port open; a
 * RST answering a SYN that got no SYN-ACK proves it closed. */
static void add_tcp_events(events_t *events, guint server, gboolean from_client, guint8 flags,
                           guint32 frame)
{
    gboolean syn = (flags & PORTCLASS_TCP_SYN) != 0, ack = (flags & PORTCLASS_TCP_ACK) != 0;

    if (syn && !ack && from_client && !events->syn_frame[server])
        events->syn_frame[server] = frame;
    if (syn && ack && !from_client) {
        if (events->syn_frame[server] && !events->synack_frame[server] &&
            !events->open_frame[server])
            events->open_frame[server] = frame;
        if (!events->synack_frame[server])
            events->synack_frame[server] = frame;
    }
    if ((flags & PORTCLASS_TCP_RST) && !from_client && events->syn_frame[server] &&
        !events->synack_frame[server] && !events->closed_frame[server])
        events->closed_frame[server] = frame;
}

static void add_events(events_t *events, guint sender, const portclass_endpoints_t *endpoints,
                       const portclass_packet_t *packet)
{
    for (guint server = FIRST_SOURCE; server <= FIRST_DESTINATION; server++) {
        gboolean from_client = sender != server;
        if (endpoints->transport == PORTCLASS_TCP && packet->flags_known)
            add_tcp_events(events, server, from_client, packet->tcp_flags, packet->frame);
        else if (endpoints->transport == PORTCLASS_UDP && !from_client &&
                 !events->open_frame[server])
            events->open_frame[server] = packet->frame; /* a reply from the server port */
        guint16 server_port = endpoints->ports[from_client ? 1 : 0];
        if (portclass_app_protocol_nonstandard(packet->app, endpoints->transport, server_port) &&
            !events->nonstandard_frame[server])
            events->nonstandard_frame[server] = packet->frame;
    }
}

void portclass_conversation_add_packet(portclass_conversations_t *table,
                                       portclass_conversation_t *record,
                                       const portclass_endpoints_t *endpoints,
                                       const portclass_packet_t *packet)
{
    if (packet->frame < record->last_frame)
        return; /* only the first pass, in capture order, adds */
    events_t events = record->events;
    add_events(&events, sender_side(record, endpoints), endpoints, packet);
    if (memcmp(&events, &record->events, sizeof events) != 0) {
        note_change(table, record, NULL);
        record->events = events;
    }
    record->last_frame = packet->frame;
}

guint32 portclass_conversation_first_frame(const portclass_conversation_t *record)
{
    return record->first_frame;
}

portclass_first_packet_t portclass_conversation_first_packet(const portclass_conversation_t *record)
{
    return record->first_packet;
}

portclass_header_roles_t portclass_conversation_roles(const portclass_conversation_t *record,
                                                      const portclass_roles_t *decision,
                                                      const portclass_endpoints_t *endpoints,
                                                      guint32 frame)
{
    guint server = decision->server_side; /* FIRST_SOURCE or FIRST_DESTINATION */
    portclass_header_roles_t roles = {
        .server_side = sender_side(record, endpoints) == server ? 0 : 1,
        .evidence = decision->evidence,
        .port_state = PORTCLASS_PORT_STATE_NONE,
        .conversation_start = frame == record->first_frame,
        .first_nonstandard = frame == record->events.nonstandard_frame[server],
    };

    if (frame == record->events.open_frame[server])
        roles.port_state = PORTCLASS_PORT_STATE_OPEN;
    else if (frame == record->events.closed_frame[server])
        roles.port_state = PORTCLASS_PORT_STATE_CLOSED;
    return roles;
}
