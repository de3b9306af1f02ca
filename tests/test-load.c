/* test-load.c - unit tests of the loader (include/portclass/load.h) on the
 * IANA samples as the build rewrites them (cmake/iana-services.py), on the
 * curated data file, and of its parsers; and of the data built into the
 * plugin (plugin/embedded-data.h), made from data/services.tsv and from the
 * file that the build defines as PORTCLASS_IANA_SERVICES_FILE.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "embedded-data.h"
#include "portclass/load.h"
#include "portclass/registry.h"
#include "test-data.h"

/* ---- IANA data ------------------------------------------------------------- */

static void test_iana_sample(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-sample", &report);

    g_assert_cmpuint(report.malformed, ==, 0);
    g_assert_cmpuint(report.entries, ==, 7); /* www and sctponly add nothing */
    g_assert_null(portclass_load_report_problems(&report, "sample"));

    const portclass_entry_t *http = portclass_table_lookup(table, PORTCLASS_TCP, 80);
    g_assert_cmpstr(http->name, ==, "http");
    g_assert_cmpstr(http->description, ==, "World Wide Web HTTP");
    g_assert_null(http->description_ja);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 20)->name, ==, "ftp-data");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_UDP, 99)->description);
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 99));
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 132));
    g_assert_null(portclass_table_lookup(table, PORTCLASS_UDP, 132));
    portclass_table_free(table);
}

static void test_iana_ranges(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-sample", &report);

    for (guint port = 6000; port <= 6063; port++) {
        g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, (guint16)port)->name, ==,
                        "x11");
        g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, (guint16)port)->name, ==,
                        "x11");
    }
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 5999));
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 6064));
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 6667)->name, ==, "ircu");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_UDP, 6667));
    portclass_table_free(table);
}

static void test_iana_unknown_ports(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-sample", &report);
    const guint16 unassigned[] = {0, 2, 1023, 1024, 49151, 49152, 65535};

    for (gsize i = 0; i < G_N_ELEMENTS(unassigned); i++) {
        portclass_service_t service =
            portclass_service_lookup_layers(NULL, NULL, table, PORTCLASS_TCP, unassigned[i]);
        g_assert_null(portclass_service_name(&service));
        g_assert_null(portclass_service_description_in(&service, PORTCLASS_LANG_EN));
        g_assert_null(portclass_service_iana_name(&service));
    }
    portclass_table_free(table);
}

static void test_iana_empty_file(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-empty", &report);
    char *problems = portclass_load_report_problems(&report, "empty");

    g_assert_cmpuint(report.lines, ==, 0);
    g_assert_cmpuint(report.entries, ==, 0);
    g_assert_cmpstr(problems, ==, "empty: no service entries found (0 lines read)");
    g_free(problems);
    portclass_table_free(table);
}

static void test_iana_malformed_file(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-malformed", &report);
    char *problems = portclass_load_report_problems(&report, "bad");

    g_assert_cmpuint(report.lines, ==, 8);
    g_assert_cmpuint(report.malformed, ==, 5);
    g_assert_cmpuint(report.entries, ==, 2);
    g_assert_cmpstr(problems, ==,
                    "bad: 5 malformed lines skipped (first: line 3: expected 5 to 8 "
                    "tab-separated columns)");
    /* The good lines around the bad ones still count. */
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 7)->name, ==, "echo");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 9)->name, ==, "discard");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 80));
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 81));
    g_free(problems);
    portclass_table_free(table);
}

static void test_iana_not_utf8(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-not-utf8", &report);

    g_assert_cmpuint(report.malformed, ==, 1);
    g_assert_cmpuint(report.first_malformed_line, ==, 1);
    g_assert_cmpstr(report.first_problem, ==, "not valid UTF-8 text");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 5));
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 6)->name, ==, "good");
    portclass_table_free(table);
}

static void test_text_without_final_newline(void)
{
    static const char text[] = "tcp\t1\ta\t\t\r\nudp\t2\tb\t\tno newline at the end";
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    /* Not NUL-terminated at len: the loader must stop at len. */
    portclass_load_text(table, text, strlen(text) - 2, &report);
    g_assert_cmpuint(report.lines, ==, 2);
    g_assert_cmpuint(report.malformed, ==, 0);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 1)->name, ==, "a");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 2)->description_ja, ==,
                    "no newline at the e");
    portclass_table_free(table);
}

static void test_iana_dump_format(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_iana_test_file("services-dump", &report);

    g_assert_cmpuint(report.malformed, ==, 1);
    g_assert_cmpuint(report.first_malformed_line, ==, 9);
    g_assert_cmpstr(report.first_problem, ==, "port out of range (0-65535)");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 1)->name, ==, "tcpmux");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 1)->description, ==,
                    "TCP Port Service Multiplexer");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 53)->name, ==, "domain");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 53));
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 80)->name, ==, "http");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 280)->description);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 6001)->name, ==, "x11");
    portclass_table_free(table);
}

/* ---- The data built into the plugin ------------------------------------------ */

/* The len bytes at data are those of the file at path, and a NUL follows. */
static void assert_embeds_file(const char *data, gsize len, const char *path)
{
    char *text = NULL;
    gsize file_len = 0;

    g_assert_true(g_file_get_contents(path, &text, &file_len, NULL));
    g_assert_cmpuint(len, ==, file_len);
    g_assert_true(memcmp(data, text, len) == 0);
    g_assert_cmpint(data[len], ==, '\0');
    g_free(text);
}

static void test_embedded_curated_data(void)
{
    char *path = g_build_filename(PORTCLASS_SOURCE_DIR, "data", "services.tsv", NULL);

    assert_embeds_file(portclass_curated_data, portclass_curated_data_len, path);
    g_free(path);
}

/* The name of the entry for a port, which must have one. */
static const char *name_of(const portclass_table_t *table, portclass_transport_t transport,
                           guint16 port)
{
    const portclass_entry_t *entry = portclass_table_lookup(table, transport, port);

    g_assert_nonnull(entry);
    return entry->name;
}

/* The number of lines of the file at path. */
static guint count_lines(const char *path)
{
    portclass_load_report_t report = {0};

    portclass_table_free(load_file(path, &report));
    return report.lines;
}

/* The registry of the Wireshark built against, as the build embedded it:
 * its services file (3.4 to 4.2) or what "tshark -G services" printed
 * (4.4 and later), rewritten line by line as service rows. */
static void test_embedded_iana_registry(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    assert_embeds_file(portclass_iana_data, portclass_iana_data_len, PORTCLASS_IANA_ROWS);
    g_assert_cmpuint(count_lines(PORTCLASS_IANA_ROWS), ==,
                     count_lines(PORTCLASS_IANA_SERVICES_FILE));
    portclass_load_text(table, portclass_iana_data, portclass_iana_data_len, &report);
    g_assert_null(portclass_load_report_problems(&report, "built-in registry"));
    g_assert_cmpuint(report.entries, >, 5000);
    g_assert_cmpstr(name_of(table, PORTCLASS_TCP, 80), ==, "http");
    g_assert_cmpstr(name_of(table, PORTCLASS_UDP, 53), ==, "domain");
    g_assert_cmpstr(name_of(table, PORTCLASS_TCP, 43), ==, "nicname");
    g_assert_cmpstr(name_of(table, PORTCLASS_TCP, 6031), ==, "x11");
    g_assert_cmpstr(name_of(table, PORTCLASS_TCP, 40000), ==, "safetynetp");
    g_assert_nonnull(portclass_table_lookup(table, PORTCLASS_TCP, 22)->description);
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 0));
    portclass_table_free(table);
}

/* ---- Curated data ------------------------------------------------------------ */

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
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_curated_data(&report);

    for (gsize i = 0; i < G_N_ELEMENTS(seed_rows); i++) {
        const portclass_entry_t *entry =
            portclass_table_lookup(table, seed_rows[i].transport, seed_rows[i].port);
        g_assert_nonnull(entry);
        g_assert_cmpstr(entry->name, ==, seed_rows[i].name);
        g_assert_nonnull(entry->description);
        g_assert_nonnull(entry->description_ja);
    }
    g_assert_true(portclass_table_lookup(table, PORTCLASS_TCP, 23)->flags &
                  PORTCLASS_FLAG_CLEARTEXT);
    g_assert_nonnull(portclass_table_lookup(table, PORTCLASS_TCP, 23)->note);
    g_assert_false(portclass_table_lookup(table, PORTCLASS_TCP, 22)->flags &
                   PORTCLASS_FLAG_CLEARTEXT);
    portclass_table_free(table);
}

static void test_curated_file_is_clean(void)
{
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_curated_data(&report);
    char *problems = portclass_load_report_problems(&report, "data/services.tsv");

    g_assert_null(problems);
    g_assert_cmpuint(report.malformed, ==, 0);
    g_assert_cmpuint(report.entries, >=, 100);
    /* Every row is a separate assignment: no row hides behind another. */
    g_assert_cmpuint(count_entries(table), ==, report.entries);
    portclass_table_free(table);
}

static void test_curated_bad_rows(void)
{
    char *path = test_data_path("curated-bad-rows.tsv");
    portclass_load_report_t report = {0};
    portclass_table_t *table = load_file(path, &report);

    g_assert_cmpuint(report.malformed, ==, 6);
    g_assert_cmpuint(report.first_malformed_line, ==, 3);
    g_assert_cmpstr(report.first_problem, ==, "transport is not tcp, udp or both");
    g_assert_cmpuint(report.entries, ==, 2);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 22)->name, ==, "SSH");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 53)->name, ==, "DNS");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 83));
    g_free(path);
    portclass_table_free(table);
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

    g_assert_null(portclass_parse_transport("tcp", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_TCP);
    g_assert_null(portclass_parse_transport("udp", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_UDP);
    g_assert_null(portclass_parse_transport("both", &mask));
    g_assert_cmpuint(mask, ==, PORTCLASS_MASK_BOTH);
    g_assert_nonnull(portclass_parse_transport("TCP", &mask));
    g_assert_nonnull(portclass_parse_transport("sctp", &mask));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/iana/sample", test_iana_sample);
    g_test_add_func("/iana/ranges", test_iana_ranges);
    g_test_add_func("/iana/unknown-ports", test_iana_unknown_ports);
    g_test_add_func("/iana/empty-file", test_iana_empty_file);
    g_test_add_func("/iana/malformed-file", test_iana_malformed_file);
    g_test_add_func("/iana/not-utf8", test_iana_not_utf8);
    g_test_add_func("/load/text-without-final-newline", test_text_without_final_newline);
    g_test_add_func("/iana/dump-format", test_iana_dump_format);
    g_test_add_func("/embedded/curated-data", test_embedded_curated_data);
    g_test_add_func("/embedded/iana-registry", test_embedded_iana_registry);
    g_test_add_func("/curated/seed-rows", test_curated_seed_rows);
    g_test_add_func("/curated/file-is-clean", test_curated_file_is_clean);
    g_test_add_func("/curated/bad-rows", test_curated_bad_rows);
    g_test_add_func("/parse/port-range", test_parse_port_range);
    g_test_add_func("/parse/transport", test_parse_transport);

    return g_test_run();
}
