/* test-registry.c - unit tests of the service tables and the layered
 * lookup (include/portclass/registry.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "portclass/registry.h"
#include "test-data.h"

static void test_table_first_assignment_wins(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_entry_t http = {.name = "http", .description = "World Wide Web HTTP"};
    portclass_entry_t www = {.name = "www"};

    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_BOTH, 80, 80, &http), ==, 2);
    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_TCP, 80, 80, &www), ==, 0);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 80)->name, ==, "http");
    g_assert_cmpuint(count_entries(table), ==, 1);
    portclass_table_free(table);
}

static void test_table_transport_aware(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_entry_t quic = {.name = "QUIC"};

    portclass_table_add(table, PORTCLASS_MASK_UDP, 443, 443, &quic);
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 443));
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 443)->name, ==, "QUIC");
    portclass_table_free(table);
}

static void test_table_rejects_reversed_range(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_entry_t entry = {.name = "x"};

    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_TCP, 10, 9, &entry), ==, 0);
    g_assert_cmpuint(count_entries(table), ==, 0);
    portclass_table_free(table);
}

static void test_table_full_port_space(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_entry_t entry = {.name = "all"};

    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_BOTH, 0, 65535, &entry), ==,
                     (guint64)2 * 65536);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 0)->name, ==, "all");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 65535)->name, ==, "all");
    portclass_table_free(table);
}

static void test_lookup_unassigned_ports(void)
{
    const portclass_row_t rows[] = {{PORTCLASS_MASK_TCP, 1, 1, {.name = "tcpmux"}}};
    portclass_table_t *iana = portclass_table_new_from_rows(rows, G_N_ELEMENTS(rows));
    const guint16 unassigned[] = {0, 2, 1023, 1024, 49151, 49152, 65535};

    for (gsize i = 0; i < G_N_ELEMENTS(unassigned); i++) {
        portclass_service_t service =
            portclass_service_lookup_layers(NULL, NULL, iana, PORTCLASS_TCP, unassigned[i]);
        g_assert_null(portclass_service_name(&service));
        g_assert_null(portclass_service_description_in(&service, PORTCLASS_LANG_EN));
        g_assert_null(portclass_service_iana_name(&service));
    }
    g_assert_null(portclass_table_lookup(iana, PORTCLASS_UDP, 1));
    g_assert_cmpstr(portclass_table_lookup(iana, PORTCLASS_TCP, 1)->name, ==, "tcpmux");
    portclass_table_free(iana);
}

static void test_lookup_curated_over_iana(void)
{
    test_tables_t tables = load_test_tables();

    portclass_service_t dns =
        portclass_service_lookup_layers(NULL, tables.curated, tables.iana, PORTCLASS_UDP, 53);
    g_assert_cmpstr(portclass_service_name(&dns), ==, "DNS");
    g_assert_cmpstr(portclass_service_iana_name(&dns), ==, "domain");
    g_assert_cmpstr(portclass_service_description_in(&dns, PORTCLASS_LANG_EN), ==,
                    dns.curated->description);

    /* IANA only: its name and description stand in. */
    portclass_service_t tcpmux =
        portclass_service_lookup_layers(NULL, tables.curated, tables.iana, PORTCLASS_TCP, 1);
    g_assert_null(tcpmux.curated);
    g_assert_cmpstr(portclass_service_name(&tcpmux), ==, "tcpmux");
    g_assert_cmpstr(portclass_service_description_in(&tcpmux, PORTCLASS_LANG_EN), ==,
                    "TCP Port Service Multiplexer");

    /* Curated only (IANA not loaded): no IANA name. */
    portclass_service_t ssh =
        portclass_service_lookup_layers(NULL, tables.curated, NULL, PORTCLASS_TCP, 22);
    g_assert_cmpstr(portclass_service_name(&ssh), ==, "SSH");
    g_assert_null(portclass_service_iana_name(&ssh));

    free_test_tables(&tables);
}

static void test_descriptions_in_languages(void)
{
    test_tables_t tables = load_test_tables();

    portclass_service_t telnet =
        portclass_service_lookup_layers(NULL, tables.curated, tables.iana, PORTCLASS_TCP, 23);
    g_assert_cmpstr(portclass_service_description_in(&telnet, PORTCLASS_LANG_EN), ==,
                    telnet.curated->description);
    g_assert_cmpstr(portclass_service_description_in(&telnet, PORTCLASS_LANG_JA), ==,
                    telnet.curated->description_ja);
    g_assert_nonnull(telnet.curated->description_ja);
    g_assert_cmpstr(portclass_service_cleartext_note(&telnet, PORTCLASS_LANG_EN), ==,
                    telnet.curated->note);
    g_assert_cmpstr(portclass_service_cleartext_note(&telnet, PORTCLASS_LANG_JA), ==,
                    telnet.curated->note_ja);

    /* IANA has English only: Japanese falls back to it. */
    portclass_service_t tcpmux =
        portclass_service_lookup_layers(NULL, tables.curated, tables.iana, PORTCLASS_TCP, 1);
    g_assert_cmpstr(portclass_service_description_in(&tcpmux, PORTCLASS_LANG_JA), ==,
                    "TCP Port Service Multiplexer");
    g_assert_null(portclass_service_cleartext_note(&tcpmux, PORTCLASS_LANG_EN));

    free_test_tables(&tables);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/table/first-assignment-wins", test_table_first_assignment_wins);
    g_test_add_func("/table/transport-aware", test_table_transport_aware);
    g_test_add_func("/table/reversed-range", test_table_rejects_reversed_range);
    g_test_add_func("/table/full-port-space", test_table_full_port_space);
    g_test_add_func("/lookup/unassigned-ports", test_lookup_unassigned_ports);
    g_test_add_func("/lookup/curated-over-iana", test_lookup_curated_over_iana);
    g_test_add_func("/language/descriptions", test_descriptions_in_languages);

    return g_test_run();
}
