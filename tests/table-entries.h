/* table-entries.h - counting a service table's entries from outside, for
 * the unit tests and the libFuzzer harnesses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_TABLE_ENTRIES_H
#define PORTCLASS_TABLE_ENTRIES_H

#include <glib.h>

#include "portclass/registry.h"

/* The number of distinct entries a table holds, seen through its lookups:
 * every port of every transport. */
static inline guint count_entries(const portclass_table_t *table)
{
    GHashTable *seen = g_hash_table_new(NULL, NULL);

    for (int transport = 0; transport < PORTCLASS_N_TRANSPORTS; transport++) {
        for (guint port = 0; port <= G_MAXUINT16; port++) {
            const portclass_entry_t *entry =
                portclass_table_lookup(table, (portclass_transport_t)transport, (guint16)port);
            if (entry)
                g_hash_table_add(seen, (gpointer)entry);
        }
    }
    guint count = g_hash_table_size(seen);
    g_hash_table_destroy(seen);
    return count;
}

#endif /* PORTCLASS_TABLE_ENTRIES_H */
