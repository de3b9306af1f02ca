/* test-load.c - unit tests of the service tables built into the plugin
 * (plugin/embedded-data.h): the curated rows of data/services.tsv and the
 * IANA registry of the file that the build defines as
 * PORTCLASS_IANA_SERVICES_FILE. tests/test_service_data.py tests the
 * script that makes them (cmake/service_data.py) and that they match those
 * files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "test-data.h"

/* The name of the entry for a port, which must have one. */
static const char *name_of(const portclass_table_t *table, portclass_transport_t transport,
                           guint16 port)
{
    const portclass_entry_t *entry = portclass_table_lookup(table, transport, port);

    g_assert_nonnull(entry);
    return entry->name;
}

static void test_iana_registry(void)
{
    test_tables_t tables = load_test_tables();
    const portclass_table_t *iana = tables.iana;

    g_assert_cmpuint(portclass_iana_rows_len, >, 5000);
    g_assert_cmpstr(name_of(iana, PORTCLASS_TCP, 80), ==, "http");
    g_assert_cmpstr(name_of(iana, PORTCLASS_UDP, 53), ==, "domain");
    g_assert_cmpstr(name_of(iana, PORTCLASS_TCP, 43), ==, "nicname");
    g_assert_cmpstr(name_of(iana, PORTCLASS_TCP, 6000), ==, "x11");
    g_assert_cmpstr(name_of(iana, PORTCLASS_TCP, 6031), ==, "x11");
    g_assert_cmpstr(name_of(iana, PORTCLASS_TCP, 40000), ==, "safetynetp");
    g_assert_cmpstr(portclass_table_lookup(iana, PORTCLASS_TCP, 1)->description, ==,
                    "TCP Port Service Multiplexer");
    g_assert_null(portclass_table_lookup(iana, PORTCLASS_TCP, 22)->description_ja);
    g_assert_null(portclass_table_lookup(iana, PORTCLASS_TCP, 0));
    free_test_tables(&tables);
}

typedef struct {
    portclass_transport_t transport;
    guint16 port;
    const char *name;
} seed_row_t;

/* The source article's table, with the friendly names we show. */
static const seed_row_t seed_rows[] = {
    {PORTCLASS_TCP, 20, "FTP-DATA"}, {PORTCLASS_TCP, 21, "FTP"},  {PORTCLASS_TCP, 22, "SSH"},
    {PORTCLASS_TCP, 23, "Telnet"},   {PORTCLASS_TCP, 25, "SMTP"}, {PORTCLASS_TCP, 43, "WHOIS"},
    {PORTCLASS_UDP, 53, "DNS"},      {PORTCLASS_TCP, 53, "DNS"},  {PORTCLASS_TCP, 80, "HTTP"},
    {PORTCLASS_TCP, 443, "HTTPS"},
};

static void test_curated_seed_rows(void)
{
    test_tables_t tables = load_test_tables();
    const portclass_table_t *curated = tables.curated;

    for (gsize i = 0; i < G_N_ELEMENTS(seed_rows); i++) {
        const portclass_entry_t *entry =
            portclass_table_lookup(curated, seed_rows[i].transport, seed_rows[i].port);
        g_assert_nonnull(entry);
        g_assert_cmpstr(entry->name, ==, seed_rows[i].name);
        g_assert_nonnull(entry->description);
        g_assert_nonnull(entry->description_ja);
    }
    g_assert_true(portclass_table_lookup(curated, PORTCLASS_TCP, 23)->flags &
                  PORTCLASS_FLAG_CLEARTEXT);
    g_assert_nonnull(portclass_table_lookup(curated, PORTCLASS_TCP, 23)->note);
    g_assert_false(portclass_table_lookup(curated, PORTCLASS_TCP, 22)->flags &
                   PORTCLASS_FLAG_CLEARTEXT);
    free_test_tables(&tables);
}

/* Every curated row is a separate assignment: no row hides behind another. */
static void test_curated_rows_all_apply(void)
{
    test_tables_t tables = load_test_tables();

    g_assert_cmpuint(portclass_curated_rows_len, >=, 100);
    g_assert_cmpuint(count_entries(tables.curated), ==, portclass_curated_rows_len);
    free_test_tables(&tables);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/embedded/iana-registry", test_iana_registry);
    g_test_add_func("/embedded/curated-seed-rows", test_curated_seed_rows);
    g_test_add_func("/embedded/curated-rows-all-apply", test_curated_rows_all_apply);

    return g_test_run();
}
