/* fuzz-common.h - checks shared by the libFuzzer harnesses of the loaders.
 *
 * Each harness loads the fuzzer's bytes into a fresh table, then checks what
 * the API promises, calling abort() on a broken promise so that libFuzzer
 * keeps the input:
 *  - the report counts every line (a last line without '\n' counts too) and
 *    never more entries or malformed lines than lines;
 *  - the first malformed line is a real line number with a message;
 *  - loading the same text again is stable: same line and malformed counts,
 *    nothing newly assigned (the first assignment of a port wins, and the
 *    first load assigned every port a good line names, unless the table
 *    was full);
 *  - portclass_load_report_problems() gives a string exactly when the load
 *    found nothing or skipped lines;
 *  - a lookup answers NULL or an entry with a non-empty name, and its strings
 *    are readable (ASan checks the reads).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_FUZZ_COMMON_H
#define PORTCLASS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../table-entries.h"
#include "fuzz-check.h"
#include "portclass/load.h"
#include "portclass/registry.h"

typedef void (*fuzz_loader_t)(portclass_table_t *table, const char *text, gsize len,
                              portclass_load_report_t *report);

static inline guint fuzz_expected_lines(const uint8_t *data, size_t size)
{
    guint lines = 0;

    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (size > 0 && data[size - 1] != '\n')
        lines++;
    return lines;
}

/* Sums the string lengths so the compiler cannot drop the reads. */
static inline size_t fuzz_touch(const char *text)
{
    return text ? strlen(text) : 0;
}

static inline size_t fuzz_check_entry(const portclass_entry_t *entry)
{
    if (!entry)
        return 0;
    FUZZ_CHECK(entry->name != NULL && entry->name[0] != '\0');
    return fuzz_touch(entry->name) + fuzz_touch(entry->description) +
           fuzz_touch(entry->description_ja) + fuzz_touch(entry->note) + fuzz_touch(entry->note_ja);
}

static inline void fuzz_check_report(const portclass_load_report_t *report, const uint8_t *data,
                                     size_t size)
{
    FUZZ_CHECK(report->lines == fuzz_expected_lines(data, size));
    FUZZ_CHECK(report->entries <= report->lines);
    FUZZ_CHECK(report->malformed <= report->lines);
    FUZZ_CHECK(report->entries + report->malformed <= report->lines);
    if (report->malformed == 0) {
        FUZZ_CHECK(report->first_malformed_line == 0);
    } else {
        FUZZ_CHECK(report->first_malformed_line >= 1);
        FUZZ_CHECK(report->first_malformed_line <= report->lines);
        FUZZ_CHECK(memchr(report->first_problem, '\0', sizeof report->first_problem) != NULL);
        FUZZ_CHECK(report->first_problem[0] != '\0');
    }

    char *problems = portclass_load_report_problems(report, "fuzz input");
    gboolean expect_problems = report->entries == 0 || report->malformed > 0;
    FUZZ_CHECK((problems != NULL) == expect_problems);
    if (problems)
        FUZZ_CHECK(strncmp(problems, "fuzz input: ", 12) == 0);
    g_free(problems);
}

/* Ports worth asking about: the class boundaries, some common services and
 * ports taken from the input itself. */
static inline size_t fuzz_lookups(const portclass_table_t *curated, const portclass_table_t *iana,
                                  const uint8_t *data, size_t size)
{
    static const guint16 fixed[] = {0,    1,    22,   53,    80,    443,   1023,
                                    1024, 6000, 6063, 49151, 49152, 65534, 65535};
    guint16 ports[G_N_ELEMENTS(fixed) + 16];
    size_t n = 0, touched = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
        ports[n++] = fixed[i];
    for (size_t i = 0; i + 1 < size && n < G_N_ELEMENTS(ports); i += 2)
        ports[n++] = (guint16)((data[i] << 8) | data[i + 1]);

    for (size_t i = 0; i < n; i++) {
        for (int t = 0; t < PORTCLASS_N_TRANSPORTS; t++) {
            portclass_service_t service = portclass_service_lookup_layers(
                NULL, curated, iana, (portclass_transport_t)t, ports[i]);
            touched += fuzz_check_entry(service.curated) + fuzz_check_entry(service.iana);
            touched += fuzz_touch(portclass_service_name(&service));
            touched += fuzz_touch(portclass_service_description_in(&service, PORTCLASS_LANG_EN));
            touched += fuzz_touch(portclass_service_iana_name(&service));
            FUZZ_CHECK((portclass_service_name(&service) == NULL) ==
                       (service.curated == NULL && service.iana == NULL));
        }
    }
    /* A transport out of range is refused, not read out of bounds. */
    FUZZ_CHECK(portclass_table_lookup(curated ? curated : iana, PORTCLASS_N_TRANSPORTS, 80) ==
               NULL);
    return touched;
}

/* Loads the input twice into one table, checks both reports, looks ports up
 * and frees the table; as_curated says which layer the table plays. */
static inline void fuzz_run_loader(fuzz_loader_t load, gboolean as_curated, const uint8_t *data,
                                   size_t size)
{
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t first = {0}, again = {0};
    const char *text = (const char *)data;

    load(table, text, size, &first);
    fuzz_check_report(&first, data, size);
    guint entry_count = count_entries(table);
    FUZZ_CHECK(entry_count >= first.entries);

    load(table, text, size, &again);
    fuzz_check_report(&again, data, size);
    FUZZ_CHECK(again.malformed == first.malformed);
    FUZZ_CHECK(again.first_malformed_line == first.first_malformed_line);
    /* A full table (65535 entries, far beyond libFuzzer's usual input sizes)
     * refuses rows, so the second load could add what the first could not. */
    if (entry_count < G_MAXUINT16)
        FUZZ_CHECK(again.entries == 0);
    FUZZ_CHECK(count_entries(table) == entry_count);

    volatile size_t sink =
        as_curated ? fuzz_lookups(table, NULL, data, size) : fuzz_lookups(NULL, table, data, size);
    (void)sink;
    portclass_table_free(table);
}

#endif /* PORTCLASS_FUZZ_COMMON_H */
