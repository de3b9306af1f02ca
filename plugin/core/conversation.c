/* conversation.c - conversation records kept from the first pass over a
 * capture, and the answers derived from them. Epan-free.
 *
 * The first pass runs for every packet of every capture read with the
 * plugin loaded, so adding a packet is kept to a few hundred instructions:
 * keys are compared and hashed a 32-bit word at a time, the table is an
 * open-addressing array, and records come from a bump allocator.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "portclass/conversation.h"

/* The two sides of a conversation are named after its first packet:
 * PORTCLASS_SOURCE is the side that sent it. */

/* A conversation's events, each kept with the frame that showed it (0: not
 * seen), for either possible server: index h means side h is the server. */
typedef struct {
    guint32 syn_frame[2];         /* the client's SYN */
    guint32 synack_frame[2];      /* the server's SYN-ACK */
    guint32 open_frame[2];        /* the packet that proved the server port open */
    guint32 closed_frame[2];      /* the packet that proved it closed */
    guint32 nonstandard_frame[2]; /* the first packet with a protocol off its ports */
    const portclass_app_protocol_t *nonstandard_app[2]; /* and that protocol */
} events_t;

struct portclass_conversation {
    portclass_conversation_t *earlier; /* same endpoints, before their ports were reused */
    guint32 first_frame;
    guint32 last_frame;
    guint first_source_end; /* which end of the key sent the first packet */
    portclass_first_packet_t first_packet;
    events_t events;
    /* A protocol seen on the conversation that can add no event: for either
     * possible server, it runs on the server's usual port or its first
     * non-standard packet is already kept. Asked again for each packet
     * that carries another protocol. */
    const portclass_app_protocol_t *quiet_app;
};

/* Address words per end: 4 hold an IPv6 address, the first an IPv4 one. */
#define KEY_ADDRESS_WORDS (PORTCLASS_ADDRESS_MAX / 4)

/* Endpoints in one order whichever way a packet goes, the lower (address,
 * port) end first, as 32-bit words: each end's address (zero-filled past
 * an IPv4 address), both ports, the transport and the address length. */
enum { KEY_END0 = 0, KEY_END1 = 4, KEY_PORTS = 8, KEY_KIND = 9, KEY_WORDS = 10 };
typedef struct {
    guint32 words[KEY_WORDS];
} conversation_key_t;

/* A header's endpoints as the table keys them. */
typedef struct {
    conversation_key_t key;
    guint32 hash;
    guint source_end; /* which end of the key the packet's source is */
} key_lookup_t;

/* One set of endpoints: its key and its latest record (NULL when its only
 * record was taken back). */
typedef struct {
    conversation_key_t key;
    guint32 hash;
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

/* Memory for entries and records, handed out in order and freed with the
 * table. */
#define ARENA_BLOCK (64 * 1024)

struct portclass_conversations {
    conversation_entry_t **slots; /* open addressing, linear probing */
    guint capacity;               /* a power of two */
    guint used;
    GSList *blocks;
    guint8 *free_space;
    gsize free_length;
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

gboolean portclass_app_protocol_nonstandard(const portclass_app_protocol_t *app,
                                            portclass_transport_t transport, guint16 server_port)
{
    return app && !portclass_app_protocol_standard_port(app, transport, server_port);
}

/* ---- Keys --------------------------------------------------------------- */

/* <0, 0 or >0 as end a sorts before, with or after end b; n address words. */
static int compare_ends(const guint32 *a, guint16 port_a, const guint32 *b, guint16 port_b, guint n)
{
    for (guint i = 0; i < n; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return (int)port_a - (int)port_b;
}

static guint32 mix(guint32 hash, guint32 value)
{
    hash = (hash ^ value) * 0x9e3779b1u; /* Knuth's multiplicative constant */
    return hash ^ (hash >> 15);
}

/* The key, its hash and the packet's direction. An IPv4 key has one word
 * of address per end: only the words in use are compared and hashed, the
 * others stay zero. */
static void make_lookup(const portclass_endpoints_t *endpoints, key_lookup_t *lookup)
{
    guint32 ends[2][KEY_ADDRESS_WORDS] = {{0}};
    guint n = endpoints->address_length == 4 ? 1 : KEY_ADDRESS_WORDS;

    if (n == 1) {
        memcpy(ends[0], endpoints->addresses, 4);
        memcpy(ends[1], endpoints->addresses + 4, 4);
    } else {
        memcpy(ends[0], endpoints->addresses, PORTCLASS_ADDRESS_MAX);
        memcpy(ends[1], endpoints->addresses + PORTCLASS_ADDRESS_MAX, PORTCLASS_ADDRESS_MAX);
    }
    guint low =
        compare_ends(ends[0], endpoints->ports[0], ends[1], endpoints->ports[1], n) <= 0 ? 0 : 1;
    lookup->key = (conversation_key_t){{0}};
    guint32 *words = lookup->key.words;
    memcpy(words + KEY_END0, ends[low], sizeof ends[low]);
    memcpy(words + KEY_END1, ends[1 - low], sizeof ends[1 - low]);
    words[KEY_PORTS] = (guint32)endpoints->ports[low] << 16 | endpoints->ports[1 - low];
    words[KEY_KIND] = (guint32)endpoints->transport << 8 | (n * 4);
    lookup->source_end = low;

    guint32 hash = mix(words[KEY_KIND], words[KEY_PORTS]);
    for (guint i = 0; i < n; i++)
        hash = mix(mix(hash, words[KEY_END0 + i]), words[KEY_END1 + i]);
    lookup->hash = hash;
}

static gboolean keys_equal(const conversation_key_t *a, const conversation_key_t *b)
{
    return memcmp(a->words, b->words, sizeof a->words) == 0;
}

/* ---- The table ---------------------------------------------------------- */

#define INITIAL_CAPACITY 1024

portclass_conversations_t *portclass_conversations_new(void)
{
    portclass_conversations_t *table = g_new0(portclass_conversations_t, 1);

    table->capacity = INITIAL_CAPACITY;
    table->slots = g_new0(conversation_entry_t *, table->capacity);
    return table;
}

void portclass_conversations_free(portclass_conversations_t *table)
{
    if (!table)
        return;
    g_slist_free_full(table->blocks, g_free);
    g_free(table->slots);
    g_free(table);
}

/* Zeroed memory that lives as long as the table. */
static gpointer arena_alloc(portclass_conversations_t *table, gsize size)
{
    size = (size + 7) & ~(gsize)7;
    if (table->free_length < size) {
        gsize block = MAX(size, (gsize)ARENA_BLOCK);
        table->free_space = g_malloc0(block);
        table->free_length = block;
        table->blocks = g_slist_prepend(table->blocks, table->free_space);
    }
    gpointer memory = table->free_space;
    table->free_space += size;
    table->free_length -= size;
    return memory;
}

/* The slot of the entry with this key, or the empty slot where it goes. */
static conversation_entry_t **find_slot(const portclass_conversations_t *table,
                                        const key_lookup_t *lookup)
{
    guint mask = table->capacity - 1;

    for (guint i = lookup->hash & mask;; i = (i + 1) & mask) {
        conversation_entry_t *entry = table->slots[i];
        if (!entry || (entry->hash == lookup->hash && keys_equal(&entry->key, &lookup->key)))
            return &table->slots[i];
    }
}

/* Doubles the table once it is half full, so that probes stay short. */
static void grow(portclass_conversations_t *table)
{
    conversation_entry_t **old = table->slots;
    guint old_capacity = table->capacity;

    table->capacity *= 2;
    table->slots = g_new0(conversation_entry_t *, table->capacity);
    for (guint i = 0; i < old_capacity; i++) {
        if (!old[i])
            continue;
        guint mask = table->capacity - 1, at = old[i]->hash & mask;
        while (table->slots[at])
            at = (at + 1) & mask;
        table->slots[at] = old[i];
    }
    g_free(old);
}

static conversation_entry_t *find_entry(const portclass_conversations_t *table,
                                        const key_lookup_t *lookup)
{
    return *find_slot(table, lookup);
}

static conversation_entry_t *add_entry(portclass_conversations_t *table, const key_lookup_t *lookup)
{
    if (2 * (table->used + 1) > table->capacity)
        grow(table);
    conversation_entry_t **slot = find_slot(table, lookup);
    conversation_entry_t *entry = arena_alloc(table, sizeof *entry);
    entry->key = lookup->key;
    entry->hash = lookup->hash;
    *slot = entry;
    table->used++;
    return entry;
}

/* The record of an entry that holds frame. */
static portclass_conversation_t *record_at(const conversation_entry_t *entry, guint32 frame)
{
    portclass_conversation_t *record = entry ? entry->latest : NULL;

    while (record && record->first_frame > frame)
        record = record->earlier;
    return record;
}

const portclass_conversation_t *portclass_conversations_find(portclass_conversations_t *table,
                                                             const portclass_endpoints_t *endpoints,
                                                             guint32 frame)
{
    key_lookup_t lookup;

    make_lookup(endpoints, &lookup);
    return record_at(find_entry(table, &lookup), frame);
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

void portclass_conversations_begin_packet(portclass_conversations_t *table, guint32 frame)
{
    if (frame == table->changes_frame) {
        for (guint i = table->n_changes; i > 0; i--) {
            const change_t *change = &table->changes[i - 1];
            /* A started record is its entry's latest: every later change
             * of the same packet was taken back first. Its memory stays in
             * the arena. */
            if (change->entry)
                change->entry->latest = change->record->earlier;
            else
                *change->record = change->before;
        }
    }
    table->changes_frame = frame;
    table->n_changes = 0;
}

/* ---- What packets show -------------------------------------------------- */

static portclass_conversation_t *start_record(portclass_conversations_t *table,
                                              conversation_entry_t *entry,
                                              const key_lookup_t *lookup,
                                              const portclass_endpoints_t *endpoints,
                                              const portclass_observation_t *packet)
{
    portclass_conversation_t *record = arena_alloc(table, sizeof *record);

    record->earlier = entry->latest;
    record->first_frame = packet->frame;
    record->last_frame = packet->frame;
    record->first_source_end = lookup->source_end;
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

/* Records the TCP handshake events the packet shows if side server is the
 * server: the client's SYN; a SYN-ACK answering it proves the port open; a
 * RST answering a SYN that got no SYN-ACK proves it closed. */
static void add_tcp_events(events_t *events, portclass_side_t server, gboolean from_client,
                           guint8 flags, guint32 frame)
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

static void add_events(events_t *events, portclass_side_t sender,
                       const portclass_endpoints_t *endpoints,
                       const portclass_observation_t *packet)
{
    for (portclass_side_t server = PORTCLASS_SOURCE; server < PORTCLASS_N_SIDES; server++) {
        gboolean from_client = sender != server;
        if (endpoints->transport == PORTCLASS_TCP && packet->flags_known)
            add_tcp_events(events, server, from_client, packet->tcp_flags, packet->frame);
        else if (endpoints->transport == PORTCLASS_UDP && !from_client &&
                 !events->open_frame[server])
            events->open_frame[server] = packet->frame; /* a reply from the server port */
        guint16 server_port =
            endpoints->ports[from_client ? PORTCLASS_DESTINATION : PORTCLASS_SOURCE];
        if (!events->nonstandard_frame[server] &&
            portclass_app_protocol_nonstandard(packet->app, endpoints->transport, server_port)) {
            events->nonstandard_frame[server] = packet->frame;
            events->nonstandard_app[server] = packet->app;
        }
    }
}

/* Whether app can add no event, whichever side is the server. */
static gboolean app_is_quiet(const portclass_conversation_t *record, portclass_side_t sender,
                             const portclass_endpoints_t *endpoints,
                             const portclass_app_protocol_t *app)
{
    for (portclass_side_t server = PORTCLASS_SOURCE; server < PORTCLASS_N_SIDES; server++) {
        guint16 server_port =
            endpoints->ports[server == sender ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION];
        if (!record->events.nonstandard_frame[server] &&
            portclass_app_protocol_nonstandard(app, endpoints->transport, server_port))
            return FALSE;
    }
    return TRUE;
}

/* Whether the packet can add no event, whichever side is the server: most
 * packets of a conversation, which this tells at little cost. */
static gboolean adds_nothing(portclass_conversation_t *record, portclass_side_t sender,
                             const portclass_endpoints_t *endpoints,
                             const portclass_observation_t *packet)
{
    const events_t *events = &record->events;

    if (packet->app && packet->app != record->quiet_app) {
        if (!app_is_quiet(record, sender, endpoints, packet->app))
            return FALSE;
        record->quiet_app = packet->app;
    }
    if (endpoints->transport == PORTCLASS_UDP)
        return events->open_frame[sender] != 0;
    return !packet->flags_known ||
           (packet->tcp_flags & (PORTCLASS_TCP_SYN | PORTCLASS_TCP_RST)) == 0;
}

static void add_to_record(portclass_conversations_t *table, portclass_conversation_t *record,
                          const key_lookup_t *lookup, const portclass_endpoints_t *endpoints,
                          const portclass_observation_t *packet)
{
    portclass_side_t sender =
        lookup->source_end == record->first_source_end ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;

    if (packet->frame < record->last_frame)
        return; /* only the first pass, in capture order, adds */
    record->last_frame = packet->frame;
    if (adds_nothing(record, sender, endpoints, packet))
        return;
    events_t events = record->events;
    add_events(&events, sender, endpoints, packet);
    if (memcmp(&events, &record->events, sizeof events) != 0) {
        note_change(table, record, NULL);
        record->events = events;
    }
}

void portclass_conversations_add(portclass_conversations_t *table,
                                 const portclass_endpoints_t *endpoints,
                                 const portclass_observation_t *packet,
                                 portclass_ports_reused_t ports_reused, gpointer data)
{
    key_lookup_t lookup;

    make_lookup(endpoints, &lookup);
    conversation_entry_t *entry = find_entry(table, &lookup);
    if (!entry)
        entry = add_entry(table, &lookup);
    portclass_conversation_t *record = entry->latest;
    gboolean pure_syn =
        endpoints->transport == PORTCLASS_TCP && packet->flags_known &&
        (packet->tcp_flags & (PORTCLASS_TCP_SYN | PORTCLASS_TCP_ACK)) == PORTCLASS_TCP_SYN;
    if (record && pure_syn && record->first_frame != packet->frame && ports_reused &&
        ports_reused(record->first_frame, data))
        record = NULL;
    if (!record)
        record = start_record(table, entry, &lookup, endpoints, packet);
    add_to_record(table, record, &lookup, endpoints, packet);
}

/* ---- Answers ------------------------------------------------------------ */

portclass_first_packet_t portclass_conversation_first_packet(const portclass_conversation_t *record)
{
    return record->first_packet;
}

portclass_header_answer_t portclass_conversation_answer(const portclass_conversation_t *record,
                                                        const portclass_server_choice_t *choice,
                                                        const portclass_endpoints_t *endpoints,
                                                        guint32 frame)
{
    key_lookup_t lookup;
    portclass_side_t server = choice->server; /* a side of the first packet */

    make_lookup(endpoints, &lookup);
    portclass_side_t sender =
        lookup.source_end == record->first_source_end ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION;
    portclass_header_answer_t roles = {
        /* This header's source is the server when it sent what the server
         * sent. */
        .server = sender == server ? PORTCLASS_SOURCE : PORTCLASS_DESTINATION,
        .evidence = choice->evidence,
        .port_state = PORTCLASS_PORT_STATE_NONE,
        .conversation_start = frame == record->first_frame,
        .first_nonstandard = frame == record->events.nonstandard_frame[server],
    };

    if (roles.first_nonstandard)
        roles.nonstandard_app = record->events.nonstandard_app[server];

    if (frame == record->events.open_frame[server])
        roles.port_state = PORTCLASS_PORT_STATE_OPEN;
    else if (frame == record->events.closed_frame[server])
        roles.port_state = PORTCLASS_PORT_STATE_CLOSED;
    return roles;
}
