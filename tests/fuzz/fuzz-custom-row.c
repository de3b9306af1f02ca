/* fuzz-custom-row.c - libFuzzer harness: arbitrary bytes as one row of the
 * custom services table (the portclass_services UAT), split into its five
 * columns at NUL bytes.
 *
 * Checks what custom.h promises, aborting on a broken promise:
 *  - a row is accepted exactly when every column passes its own check;
 *  - a rejected row gives a non-empty UTF-8 message and changes no table;
 *  - an accepted row is found at its first port under its name, unless an
 *    earlier row took the port (not possible here: the table is fresh).
 *
 * Build and run: see README.md in this folder.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../table-entries.h"
#include "fuzz-check.h"
#include "portclass/custom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sums the string lengths so the compiler cannot drop the reads. */
static size_t fuzz_touch(const char *text)
{
    return text ? strlen(text) : 0;
}

/* Splits data at NUL bytes into up to five NUL-terminated columns. */
static void split_columns(const uint8_t *data, size_t size, char *buffer, const char **columns)
{
    int column = 0;

    memcpy(buffer, data, size);
    buffer[size] = '\0';
    columns[0] = buffer;
    for (size_t i = 0; i < size && column < PORTCLASS_CUSTOM_N_COLUMNS - 1; i++) {
        if (buffer[i] == '\0')
            columns[++column] = buffer + i + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *columns[PORTCLASS_CUSTOM_N_COLUMNS] = {NULL};
    char *buffer = malloc(size + 1);

    FUZZ_CHECK(buffer != NULL);
    split_columns(data, size, buffer, columns);
    const portclass_custom_row_t row = {columns[0], columns[1], columns[2], columns[3], columns[4]};

    gboolean every_column_good = TRUE;
    for (int c = 0; c < PORTCLASS_CUSTOM_N_COLUMNS; c++) {
        const char *text = columns[c] ? columns[c] : "";
        char *problem = portclass_custom_column_problem(c, text, strlen(text));
        if (problem) {
            FUZZ_CHECK(*problem && g_utf8_validate(problem, -1, NULL));
            every_column_good = FALSE;
        }
        g_free(problem);
    }

    portclass_table_t *table = portclass_table_new();
    char *problem = portclass_custom_row_add(table, &row);
    FUZZ_CHECK((problem == NULL) == every_column_good);
    if (problem) {
        FUZZ_CHECK(*problem && g_utf8_validate(problem, -1, NULL));
        FUZZ_CHECK(count_entries(table) == 0);
    } else {
        guint mask;
        guint16 low, high;
        FUZZ_CHECK(portclass_parse_transport(row.transport, &mask));
        FUZZ_CHECK(portclass_parse_port_range(row.ports, &low, &high) == NULL);
        portclass_transport_t transport =
            (mask & PORTCLASS_MASK_TCP) ? PORTCLASS_TCP : PORTCLASS_UDP;
        const portclass_entry_t *entry = portclass_table_lookup(table, transport, low);
        FUZZ_CHECK(entry != NULL && strcmp(entry->name, row.name) == 0);
        FUZZ_CHECK(fuzz_touch(entry->description) + fuzz_touch(entry->description_ja) < size + 1);
    }
    g_free(problem);
    portclass_table_free(table);
    free(buffer);
    return 0;
}
