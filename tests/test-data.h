/* test-data.h - what several unit tests share: the paths of the test data
 * and the ways of filling tables from it.
 *
 * The build defines PORTCLASS_SOURCE_DIR (the source tree),
 * PORTCLASS_TEST_DATA_DIR (tests/data/) and PORTCLASS_TEST_ROWS_DIR (its
 * IANA samples rewritten as service rows) for every unit test.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_TEST_DATA_H
#define PORTCLASS_TEST_DATA_H

#include <glib.h>

#include "portclass/load.h"
#include "portclass/registry.h"
#include "table-entries.h"

/* The path of a file of tests/data/; the caller frees it. */
static inline char *test_data_path(const char *name)
{
    return g_build_filename(PORTCLASS_TEST_DATA_DIR, name, NULL);
}

/* Loads the file at path into a new table, which the caller frees; fails
 * the test when the file cannot be read. */
static inline portclass_table_t *load_file(const char *path, portclass_load_report_t *report)
{
    char *text = NULL;
    gsize len = 0;

    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    portclass_table_t *table = portclass_table_new();
    portclass_load_text(table, text, len, report);
    g_free(text);
    return table;
}

/* Loads an IANA sample of tests/data/ as the build rewrites it
 * (PORTCLASS_TEST_ROWS_DIR/name.tsv) into a new table. */
static inline portclass_table_t *load_iana_test_file(const char *name,
                                                     portclass_load_report_t *report)
{
    char *file = g_strconcat(name, ".tsv", NULL);
    char *path = g_build_filename(PORTCLASS_TEST_ROWS_DIR, file, NULL);
    portclass_table_t *table = load_file(path, report);

    g_free(path);
    g_free(file);
    return table;
}

/* Loads the project's curated data file, data/services.tsv, into a new
 * table. */
static inline portclass_table_t *load_curated_data(portclass_load_report_t *report)
{
    char *path = g_build_filename(PORTCLASS_SOURCE_DIR, "data", "services.tsv", NULL);
    portclass_table_t *table = load_file(path, report);

    g_free(path);
    return table;
}

/* The two tables below a custom one: the curated data and the IANA sample
 * (tests/data/services-sample). */
typedef struct {
    portclass_table_t *curated;
    portclass_table_t *iana;
} test_tables_t;

static inline test_tables_t load_test_tables(void)
{
    portclass_load_report_t curated_report = {0}, iana_report = {0};
    test_tables_t tables = {load_curated_data(&curated_report),
                            load_iana_test_file("services-sample", &iana_report)};
    return tables;
}

static inline void free_test_tables(test_tables_t *tables)
{
    portclass_table_free(tables->iana);
    portclass_table_free(tables->curated);
}

#endif /* PORTCLASS_TEST_DATA_H */
