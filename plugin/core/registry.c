/* registry.c - service tables indexed by (transport, port).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/registry.h"

#define PORT_COUNT 65536
/* Slot value 0 means "no entry", so entry i is stored as i + 1 in a guint16. */
#define MAX_ENTRIES G_MAXUINT16

struct portclass_table {
    GArray *entries;                        /* of portclass_entry_t */
    GStringChunk *strings;                  /* owns every string of every entry */
    guint16 *slots[PORTCLASS_N_TRANSPORTS]; /* PORT_COUNT each, 1-based index */
};

const char *portclass_transport_name(portclass_transport_t transport)
{
    return transport == PORTCLASS_TCP ? "TCP" : transport == PORTCLASS_UDP ? "UDP" : "?";
}

const char *portclass_transport_filter_name(portclass_transport_t transport)
{
    return transport == PORTCLASS_TCP ? "tcp" : transport == PORTCLASS_UDP ? "udp" : "?";
}

portclass_table_t *portclass_table_new(void)
{
    portclass_table_t *table = g_new0(portclass_table_t, 1);

    table->entries = g_array_new(FALSE, TRUE, sizeof(portclass_entry_t));
    table->strings = g_string_chunk_new((gsize)16 * 1024);
    for (int t = 0; t < PORTCLASS_N_TRANSPORTS; t++)
        table->slots[t] = g_new0(guint16, PORT_COUNT);
    return table;
}

void portclass_table_free(portclass_table_t *table)
{
    if (!table)
        return;
    for (int t = 0; t < PORTCLASS_N_TRANSPORTS; t++)
        g_free(table->slots[t]);
    g_string_chunk_free(table->strings);
    g_array_free(table->entries, TRUE);
    g_free(table);
}

/* Copies a string into the table; empty and NULL strings become NULL. */
static const char *keep_string(portclass_table_t *table, const char *text)
{
    return (text && *text) ? g_string_chunk_insert_const(table->strings, text) : NULL;
}

guint portclass_table_add(portclass_table_t *table, guint transport_mask, guint16 low, guint16 high,
                          const portclass_entry_t *entry)
{
    if (!table || !entry || !entry->name || low > high || table->entries->len >= MAX_ENTRIES)
        return 0;

    guint16 slot_value = (guint16)(table->entries->len + 1); /* the entry's, once appended */
    guint assigned = 0;
    for (int t = 0; t < PORTCLASS_N_TRANSPORTS; t++) {
        if (!(transport_mask & (1u << t)))
            continue;
        for (guint port = low; port <= high; port++) {
            if (table->slots[t][port] == 0) {
                table->slots[t][port] = slot_value;
                assigned++;
            }
        }
    }
    /* A fully shadowed row adds no unreachable entry. */
    if (assigned == 0)
        return 0;
    portclass_entry_t copy = {
        .name = keep_string(table, entry->name),
        .description = keep_string(table, entry->description),
        .description_ja = keep_string(table, entry->description_ja),
        .note = keep_string(table, entry->note),
        .note_ja = keep_string(table, entry->note_ja),
        .flags = entry->flags,
    };
    g_array_append_val(table->entries, copy);
    return assigned;
}

portclass_table_t *portclass_table_new_from_rows(const portclass_row_t *rows, gsize n_rows)
{
    portclass_table_t *table = portclass_table_new();

    for (gsize i = 0; i < n_rows; i++)
        portclass_table_add(table, rows[i].transport_mask, rows[i].low, rows[i].high,
                            &rows[i].entry);
    return table;
}

const portclass_entry_t *portclass_table_lookup(const portclass_table_t *table,
                                                portclass_transport_t transport, guint16 port)
{
    if (!table || (unsigned)transport >= PORTCLASS_N_TRANSPORTS)
        return NULL;
    guint16 slot_value = table->slots[transport][port];
    return slot_value ? &g_array_index(table->entries, portclass_entry_t, slot_value - 1) : NULL;
}

portclass_service_t portclass_service_lookup_layers(const portclass_table_t *custom,
                                                    const portclass_table_t *curated,
                                                    const portclass_table_t *iana,
                                                    portclass_transport_t transport, guint16 port)
{
    return (portclass_service_t){portclass_table_lookup(custom, transport, port),
                                 portclass_table_lookup(curated, transport, port),
                                 portclass_table_lookup(iana, transport, port)};
}

const char *portclass_service_name(const portclass_service_t *service)
{
    const portclass_entry_t *friendly = service->custom ? service->custom : service->curated;

    return friendly ? friendly->name : portclass_service_iana_name(service);
}

/* A custom entry's text stands alone: falling back to the curated text of
 * the same port would describe some other service. */
const char *portclass_service_description_in(const portclass_service_t *service,
                                             portclass_language_t language)
{
    const portclass_entry_t *friendly = service->custom ? service->custom : service->curated;

    if (friendly && language == PORTCLASS_LANG_JA && friendly->description_ja)
        return friendly->description_ja;
    if (service->custom || (friendly && friendly->description))
        return friendly->description;
    return service->iana ? service->iana->description : NULL;
}

guint portclass_service_flags(const portclass_service_t *service)
{
    return service->custom || !service->curated ? 0 : service->curated->flags;
}

const char *portclass_service_cleartext_note(const portclass_service_t *service,
                                             portclass_language_t language)
{
    const portclass_entry_t *curated = service->curated;

    if (!(portclass_service_flags(service) & PORTCLASS_FLAG_CLEARTEXT))
        return NULL;
    if (language == PORTCLASS_LANG_JA && curated->note_ja)
        return curated->note_ja;
    return curated->note;
}

const char *portclass_service_iana_name(const portclass_service_t *service)
{
    return service->iana ? service->iana->name : NULL;
}
