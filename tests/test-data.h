/* test-data.h - what several unit tests share: the service tables built
 * into the plugin (plugin/embedded-data.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_TEST_DATA_H
#define PORTCLASS_TEST_DATA_H

#include <glib.h>

#include "embedded-data.h"
#include "portclass/registry.h"
#include "table-entries.h"

/* The two tables below a custom one: the curated data and the IANA
 * registry of the Wireshark built against. */
typedef struct {
    portclass_table_t *curated;
    portclass_table_t *iana;
} test_tables_t;

static inline test_tables_t load_test_tables(void)
{
    test_tables_t tables = {
        portclass_table_new_from_rows(portclass_curated_rows, portclass_curated_rows_len),
        portclass_table_new_from_rows(portclass_iana_rows, portclass_iana_rows_len),
    };
    return tables;
}

static inline void free_test_tables(test_tables_t *tables)
{
    portclass_table_free(tables->iana);
    portclass_table_free(tables->curated);
}

#endif /* PORTCLASS_TEST_DATA_H */
