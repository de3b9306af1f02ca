/* test-custom.c - unit tests of the custom-services rows
 * (include/portclass/custom.h): checks, the layer above the curated data,
 * and the parsers of transports and port ranges.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "portclass/custom.h"
#include "portclass/registry.h"
#include "test-data.h"

static void test_custom_rows_good(void)
{
    const portclass_custom_row_t rows[] = {
        {"tcp", "8080", "LabShop", "the class web shop", ""},
        {"udp", "8000-8010", "LabGame", NULL, NULL},
        {"both", "0-65535", "Everything", "", "全部"},
        {"tcp", "65535", "Top", "", ""},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(rows); i++) {
        char *problem = portclass_custom_row_problem(&rows[i]);
        g_assert_null(problem);
    }
}

static void test_custom_rows_bad(void)
{
    static const struct {
        portclass_custom_row_t row;
        const char *problem;
    } cases[] = {
        {{"sctp", "8080", "X", "", ""},
         "transport \"sctp\": the transport must be tcp, udp or both"},
        {{"TCP", "8080", "X", "", ""}, "transport \"TCP\": the transport must be tcp, udp or both"},
        {{"", "8080", "X", "", ""}, "transport \"\": the transport must be tcp, udp or both"},
        {{"tcp", "70000", "X", "", ""}, "ports \"70000\": port out of range (0-65535)"},
        {{"tcp", "-1", "X", "", ""}, "ports \"-1\": port number missing"},
        {{"tcp", "8010-8000", "X", "", ""}, "ports \"8010-8000\": port range is reversed"},
        {{"tcp", "80a", "X", "", ""}, "ports \"80a\": port is not a number"},
        {{"tcp", "", "X", "", ""}, "ports \"\": port number missing"},
        {{"tcp", "8080", "", "", ""}, "service name: the service name is empty"},
        {{"tcp", "8080", NULL, "", ""}, "service name: the service name is empty"},
        {{"tcp", "8080", " Lab", "", ""},
         "service name: the service name starts or ends with a space"},
        {{"tcp", "8080", "Lab\xff", "", ""}, "service name: the text is not valid UTF-8"},
        {{"tcp", "8080", "Lab", "caf\xe9", ""}, "description: the text is not valid UTF-8"},
        {{"tcp", "8080", "Lab", "", "\xe3\x81"},
         "Japanese description: the text is not valid UTF-8"},
        {{"tcp", "8080", "Lab", "two\nlines", ""},
         "description: the text holds a control character (tab, line break, ...)"},
        {{"tcp\xff", "8080", "Lab", "", ""}, "transport: the text is not valid UTF-8"},
        {{"tcp", "8080",
          "A-name-that-is-far-too-long-for-a-column-and-goes-on-and-on-and-on-and-on", "", ""},
         "service name: the service name is longer than 64 characters"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *problem = portclass_custom_row_problem(&cases[i].row);
        g_assert_cmpstr(problem, ==, cases[i].problem);
        g_free(problem);
    }
}

static void test_custom_over_curated(void)
{
    test_tables_t tables = load_test_tables();
    portclass_table_t *custom = portclass_table_new();
    const portclass_custom_row_t shop = {"tcp", "8080", "LabShop", "the class web shop", ""};
    const portclass_custom_row_t telnet = {"both", "23", "LabTelnet", "", "実習用"};
    const portclass_custom_row_t bad = {"tcp", "23", "", "", ""};
    const portclass_custom_row_t later = {"tcp", "8080", "Later", "", ""};

    g_assert_null(portclass_custom_row_add(custom, &shop));
    g_assert_null(portclass_custom_row_add(custom, &telnet));
    char *problem = portclass_custom_row_add(custom, &bad);
    g_assert_cmpstr(problem, ==, "service name: the service name is empty");
    g_free(problem);
    g_assert_null(portclass_custom_row_add(custom, &later));

    portclass_service_t s =
        portclass_service_lookup_layers(custom, tables.curated, tables.iana, PORTCLASS_TCP, 8080);
    g_assert_cmpstr(portclass_service_name(&s), ==, "LabShop"); /* first row wins */
    g_assert_cmpstr(portclass_service_description_in(&s, PORTCLASS_LANG_EN), ==,
                    "the class web shop");
    /* No Japanese text in the row: its English text, not the curated one. */
    g_assert_cmpstr(portclass_service_description_in(&s, PORTCLASS_LANG_JA), ==,
                    "the class web shop");
    g_assert_nonnull(s.curated);

    portclass_service_t t =
        portclass_service_lookup_layers(custom, tables.curated, tables.iana, PORTCLASS_UDP, 23);
    g_assert_cmpstr(portclass_service_name(&t), ==, "LabTelnet");
    g_assert_null(portclass_service_description_in(&t, PORTCLASS_LANG_EN));
    g_assert_cmpstr(portclass_service_description_in(&t, PORTCLASS_LANG_JA), ==, "実習用");
    /* A custom entry carries no cleartext note of the curated service. */
    portclass_service_t t2 =
        portclass_service_lookup_layers(custom, tables.curated, tables.iana, PORTCLASS_TCP, 23);
    g_assert_null(portclass_service_cleartext_note(&t2, PORTCLASS_LANG_EN));
    g_assert_cmpstr(portclass_service_iana_name(&t2), ==, t2.iana ? t2.iana->name : NULL);

    /* Ports the custom rows do not name are untouched. */
    portclass_service_t dns =
        portclass_service_lookup_layers(custom, tables.curated, tables.iana, PORTCLASS_UDP, 53);
    g_assert_cmpstr(portclass_service_name(&dns), ==, "DNS");

    portclass_table_free(custom);
    free_test_tables(&tables);
}

static void test_parse_port_range(void)
{
    guint16 low = 1, high = 1;

    g_assert_null(portclass_parse_port_range("0", &low, &high));
    g_assert_cmpuint(low, ==, 0);
    g_assert_cmpuint(high, ==, 0);
    g_assert_null(portclass_parse_port_range("8000-8010", &low, &high));
    g_assert_cmpuint(low, ==, 8000);
    g_assert_cmpuint(high, ==, 8010);
    g_assert_null(portclass_parse_port_range("65535", &low, &high));
    g_assert_cmpstr(portclass_parse_port_range("65536", &low, &high), ==,
                    "port out of range (0-65535)");
    g_assert_cmpstr(portclass_parse_port_range("10-9", &low, &high), ==, "port range is reversed");
    g_assert_cmpstr(portclass_parse_port_range("", &low, &high), ==, "port number missing");
    g_assert_cmpstr(portclass_parse_port_range("80-", &low, &high), ==, "port number missing");
    g_assert_cmpstr(portclass_parse_port_range("-1", &low, &high), ==, "port number missing");
    g_assert_cmpstr(portclass_parse_port_range("http", &low, &high), ==, "port is not a number");
}

static void test_parse_transport(void)
{
    guint mask = 0;

    g_assert_true(portclass_parse_transport("tcp", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_TCP);
    g_assert_true(portclass_parse_transport("udp", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_UDP);
    g_assert_true(portclass_parse_transport("both", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_BOTH);
    g_assert_false(portclass_parse_transport("TCP", &mask));
    g_assert_false(portclass_parse_transport("sctp", &mask));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/custom/good-rows", test_custom_rows_good);
    g_test_add_func("/custom/bad-rows", test_custom_rows_bad);
    g_test_add_func("/custom/over-curated", test_custom_over_curated);
    g_test_add_func("/parse/port-range", test_parse_port_range);
    g_test_add_func("/parse/transport", test_parse_transport);

    return g_test_run();
}
