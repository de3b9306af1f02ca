/* test-core.c - unit tests of the epan-free core (classes, tables, loaders).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "portclass/class.h"
#include "portclass/custom.h"
#include "portclass/load.h"
#include "portclass/registry.h"
#include "portclass/roles.h"

static char *test_data_path(const char *name)
{
    return g_build_filename(PORTCLASS_TEST_DATA_DIR, name, NULL);
}

/* Loads a file of tests/data/ as IANA data into a new table. */
static portclass_table_t *load_iana_test_file(const char *name, portclass_load_report_t *report)
{
    portclass_table_t *table = portclass_table_new();
    char *path = test_data_path(name);
    GError *error = NULL;

    g_assert_true(portclass_load_iana_file(table, path, report, &error));
    g_assert_no_error(error);
    g_free(path);
    return table;
}

/* Loads the project's curated data file, data/services.tsv. */
static portclass_table_t *load_curated_data(portclass_load_report_t *report)
{
    char *path = g_build_filename(PORTCLASS_SOURCE_DIR, "data", "services.tsv", NULL);
    char *text = NULL;
    gsize len = 0;

    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    portclass_table_t *table = portclass_table_new();
    portclass_load_curated_text(table, text, len, report);
    g_free(text);
    g_free(path);
    return table;
}

/* ---- Classes ------------------------------------------------------------- */

static void test_class_boundaries(void)
{
    g_assert_cmpint(portclass_classify(0), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1023), ==, PORTCLASS_WELL_KNOWN);
    g_assert_cmpint(portclass_classify(1024), ==, PORTCLASS_REGISTERED);
    g_assert_cmpint(portclass_classify(49151), ==, PORTCLASS_REGISTERED);
    g_assert_cmpint(portclass_classify(49152), ==, PORTCLASS_DYNAMIC);
    g_assert_cmpint(portclass_classify(65535), ==, PORTCLASS_DYNAMIC);
}

static void test_class_names(void)
{
    g_assert_cmpstr(portclass_class_name(PORTCLASS_WELL_KNOWN), ==, "well-known");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_REGISTERED), ==, "registered");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_DYNAMIC), ==, "dynamic");
    g_assert_cmpstr(portclass_class_name(PORTCLASS_N_CLASSES), ==, "unknown");
    g_assert_cmpstr(portclass_class_label(PORTCLASS_WELL_KNOWN), ==, "well-known (0-1023)");
    g_assert_cmpstr(portclass_class_label(PORTCLASS_REGISTERED), ==, "registered (1024-49151)");
    g_assert_cmpstr(portclass_class_label(PORTCLASS_DYNAMIC), ==, "dynamic/private (49152-65535)");
}

/* ---- Tables -------------------------------------------------------------- */

static void test_table_first_assignment_wins(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_entry_t http = {.name = "http", .description = "World Wide Web HTTP"};
    portclass_entry_t www = {.name = "www"};

    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_BOTH, 80, 80, &http), ==, 2);
    g_assert_cmpuint(portclass_table_add(table, PORTCLASS_MASK_TCP, 80, 80, &www), ==, 0);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 80)->name, ==, "http");
    g_assert_cmpuint(portclass_table_entry_count(table), ==, 1);
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
    g_assert_cmpuint(portclass_table_entry_count(table), ==, 0);
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
            portclass_service_lookup(NULL, table, PORTCLASS_TCP, unassigned[i]);
        g_assert_null(portclass_service_name(&service));
        g_assert_null(portclass_service_description(&service));
        g_assert_null(portclass_service_iana_name(&service));
    }
    portclass_table_free(table);
}

static void test_iana_missing_file(void)
{
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};
    GError *error = NULL;
    char *path = test_data_path("no-such-file");

    g_assert_false(portclass_load_iana_file(table, path, &report, &error));
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_cmpuint(portclass_table_entry_count(table), ==, 0);
    g_error_free(error);
    g_free(path);
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
                    "bad: 5 malformed lines skipped (first: line 3: expected \"name "
                    "port/transport\")");
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

static void test_iana_text_without_final_newline(void)
{
    static const char text[] = "a\t1/tcp\r\nb\t2/udp\t# no newline at the end";
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    /* Not NUL-terminated at len: the loader must stop at len. */
    portclass_load_iana_text(table, text, strlen(text) - 2, &report);
    g_assert_cmpuint(report.lines, ==, 2);
    g_assert_cmpuint(report.malformed, ==, 0);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 1)->name, ==, "a");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 2)->description, ==,
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

/* Wireshark's own copy of the registry: the data file of 4.0 and 4.2, or
 * what "tshark -G services" prints from the table compiled into 4.4+. */
static char *installed_registry_text(gsize *len)
{
    char *text = NULL;

    if (g_file_get_contents(PORTCLASS_WIRESHARK_SERVICES, &text, len, NULL))
        return text;
    if (g_spawn_command_line_sync("tshark -G services", &text, NULL, NULL, NULL) && text) {
        *len = strlen(text);
        return text;
    }
    g_free(text);
    return NULL;
}

static void test_iana_installed_registry(void)
{
    gsize len = 0;
    char *text = installed_registry_text(&len);
    if (!text) {
        g_test_skip("neither a services file nor tshark -G services");
        return;
    }
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    portclass_load_iana_text(table, text, len, &report);
    g_free(text);
    g_assert_cmpuint(report.malformed, ==, 0);
    g_assert_cmpuint(report.entries, >, 5000);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 80)->name, ==, "http");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 53)->name, ==, "domain");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 43)->name, ==, "nicname");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 6031)->name, ==, "x11");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 40000)->name, ==, "safetynetp");
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
    g_assert_cmpuint(portclass_table_entry_count(table), ==, report.entries);
    portclass_table_free(table);
}

static void test_curated_bad_rows(void)
{
    char *path = test_data_path("curated-bad-rows.tsv");
    char *text = NULL;
    gsize len = 0;
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    portclass_load_curated_text(table, text, len, &report);
    g_assert_cmpuint(report.malformed, ==, 6);
    g_assert_cmpuint(report.first_malformed_line, ==, 3);
    g_assert_cmpstr(report.first_problem, ==, "transport is not tcp, udp or both");
    g_assert_cmpuint(report.entries, ==, 2);
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_TCP, 22)->name, ==, "SSH");
    g_assert_cmpstr(portclass_table_lookup(table, PORTCLASS_UDP, 53)->name, ==, "DNS");
    g_assert_null(portclass_table_lookup(table, PORTCLASS_TCP, 83));
    g_free(text);
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

/* ---- The two layers together ------------------------------------------------ */

static void test_lookup_curated_over_iana(void)
{
    portclass_load_report_t curated_report = {0}, iana_report = {0};
    portclass_table_t *curated = load_curated_data(&curated_report);
    portclass_table_t *iana = load_iana_test_file("services-sample", &iana_report);

    portclass_service_t dns = portclass_service_lookup(curated, iana, PORTCLASS_UDP, 53);
    g_assert_cmpstr(portclass_service_name(&dns), ==, "DNS");
    g_assert_cmpstr(portclass_service_iana_name(&dns), ==, "domain");
    g_assert_cmpstr(portclass_service_description(&dns), ==, dns.curated->description);

    /* IANA only: its name and description stand in. */
    portclass_service_t tcpmux = portclass_service_lookup(curated, iana, PORTCLASS_TCP, 1);
    g_assert_null(tcpmux.curated);
    g_assert_cmpstr(portclass_service_name(&tcpmux), ==, "tcpmux");
    g_assert_cmpstr(portclass_service_description(&tcpmux), ==, "TCP Port Service Multiplexer");

    /* Curated only (IANA not loaded): no IANA name. */
    portclass_service_t ssh = portclass_service_lookup(curated, NULL, PORTCLASS_TCP, 22);
    g_assert_cmpstr(portclass_service_name(&ssh), ==, "SSH");
    g_assert_null(portclass_service_iana_name(&ssh));

    portclass_table_free(iana);
    portclass_table_free(curated);
}

/* ---- Languages ---------------------------------------------------------------- */

static void test_class_labels_in_languages(void)
{
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_EN), ==,
                    "well-known (0-1023)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_WELL_KNOWN, PORTCLASS_LANG_JA), ==,
                    "ウェルノウンポート (0-1023)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_REGISTERED, PORTCLASS_LANG_JA), ==,
                    "登録済みポート (1024-49151)");
    g_assert_cmpstr(portclass_class_label_in(PORTCLASS_DYNAMIC, PORTCLASS_LANG_JA), ==,
                    "動的/プライベートポート (49152-65535)");
    /* Filter values do not depend on the language. */
    g_assert_cmpstr(portclass_class_name(PORTCLASS_DYNAMIC), ==, "dynamic");
}

static void test_descriptions_in_languages(void)
{
    portclass_load_report_t curated_report = {0}, iana_report = {0};
    portclass_table_t *curated = load_curated_data(&curated_report);
    portclass_table_t *iana = load_iana_test_file("services-sample", &iana_report);

    portclass_service_t telnet = portclass_service_lookup(curated, iana, PORTCLASS_TCP, 23);
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
    portclass_service_t tcpmux = portclass_service_lookup(curated, iana, PORTCLASS_TCP, 1);
    g_assert_cmpstr(portclass_service_description_in(&tcpmux, PORTCLASS_LANG_JA), ==,
                    "TCP Port Service Multiplexer");
    g_assert_null(portclass_service_cleartext_note(&tcpmux, PORTCLASS_LANG_EN));

    portclass_table_free(iana);
    portclass_table_free(curated);
}

/* ---- Custom rows ------------------------------------------------------------ */

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
    portclass_load_report_t curated_report = {0}, iana_report = {0};
    portclass_table_t *curated = load_curated_data(&curated_report);
    portclass_table_t *iana = load_iana_test_file("services-sample", &iana_report);
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
        portclass_service_lookup_layers(custom, curated, iana, PORTCLASS_TCP, 8080);
    g_assert_cmpstr(portclass_service_name(&s), ==, "LabShop"); /* first row wins */
    g_assert_cmpstr(portclass_service_description(&s), ==, "the class web shop");
    /* No Japanese text in the row: its English text, not the curated one. */
    g_assert_cmpstr(portclass_service_description_in(&s, PORTCLASS_LANG_JA), ==,
                    "the class web shop");
    g_assert_nonnull(s.curated);

    portclass_service_t t =
        portclass_service_lookup_layers(custom, curated, iana, PORTCLASS_UDP, 23);
    g_assert_cmpstr(portclass_service_name(&t), ==, "LabTelnet");
    g_assert_null(portclass_service_description_in(&t, PORTCLASS_LANG_EN));
    g_assert_cmpstr(portclass_service_description_in(&t, PORTCLASS_LANG_JA), ==, "実習用");
    /* A custom entry carries no cleartext note of the curated service. */
    portclass_service_t t2 =
        portclass_service_lookup_layers(custom, curated, iana, PORTCLASS_TCP, 23);
    g_assert_null(portclass_service_cleartext_note(&t2, PORTCLASS_LANG_EN));
    g_assert_cmpstr(portclass_service_iana_name(&t2), ==, t2.iana ? t2.iana->name : NULL);

    /* Ports the custom rows do not name are untouched. */
    portclass_service_t dns =
        portclass_service_lookup_layers(custom, curated, iana, PORTCLASS_UDP, 53);
    g_assert_cmpstr(portclass_service_name(&dns), ==, "DNS");

    portclass_table_free(custom);
    portclass_table_free(iana);
    portclass_table_free(curated);
}

/* ---- Roles ---------------------------------------------------------------- */

static void test_ephemeral_ranges(void)
{
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(32767)), ==, "none");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(32768)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(40000)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(49151)), ==, "linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(49152)), ==, "iana,linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(60999)), ==, "iana,linux");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(61000)), ==, "iana");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(65535)), ==, "iana");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(0)), ==, "none");
    g_assert_cmpstr(portclass_ephemeral_name(portclass_ephemeral_ranges(443)), ==, "none");
}

static int server_by_port(guint16 a, gboolean a_known, guint16 b, gboolean b_known)
{
    const guint16 ports[2] = {a, b};
    const gboolean known[2] = {a_known, b_known};
    return portclass_server_by_port(ports, known);
}

static void test_server_by_port(void)
{
    /* A known service beats none, whatever the classes. */
    g_assert_cmpint(server_by_port(50000, FALSE, 3306, TRUE), ==, 1);
    g_assert_cmpint(server_by_port(40000, TRUE, 1000, FALSE), ==, 0);
    /* Else the lower class. */
    g_assert_cmpint(server_by_port(1000, FALSE, 50000, FALSE), ==, 0);
    g_assert_cmpint(server_by_port(50000, FALSE, 0, FALSE), ==, 1);
    /* Two services in one class: the lower port. */
    g_assert_cmpint(server_by_port(40000, TRUE, 8080, TRUE), ==, 1);
    g_assert_cmpint(server_by_port(22, TRUE, 80, TRUE), ==, 0);
    /* Nothing to go on. */
    g_assert_cmpint(server_by_port(50103, FALSE, 50104, FALSE), ==, -1);
    g_assert_cmpint(server_by_port(123, TRUE, 123, TRUE), ==, -1);
}

/* One first packet and the decision it must give. */
typedef struct {
    const char *why;
    portclass_first_packet_t packet;
    guint server_side;
    portclass_evidence_t evidence;
} roles_case_t;

static void test_decide_roles(void)
{
    static const roles_case_t cases[] = {
        {"the SYN's sender is the client, even from a well-known port (active FTP data)",
         {PORTCLASS_TCP, TRUE, TRUE, FALSE, {20, 50005}, {TRUE, FALSE}},
         1,
         PORTCLASS_EVIDENCE_SYN},
        {"the SYN-ACK's sender is the server",
         {PORTCLASS_TCP, TRUE, TRUE, TRUE, {25, 50102}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_SYN_ACK},
        {"mid-stream: the ports decide",
         {PORTCLASS_TCP, TRUE, FALSE, TRUE, {22, 50101}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_PORT},
        {"flags not captured: no SYN can be seen",
         {PORTCLASS_TCP, FALSE, TRUE, FALSE, {50000, 8080}, {FALSE, TRUE}},
         1,
         PORTCLASS_EVIDENCE_PORT},
        {"UDP has no flags",
         {PORTCLASS_UDP, TRUE, TRUE, FALSE, {53, 50110}, {TRUE, FALSE}},
         0,
         PORTCLASS_EVIDENCE_PORT},
        {"nothing else: the first packet's sender is the client",
         {PORTCLASS_UDP, FALSE, FALSE, FALSE, {50112, 50113}, {FALSE, FALSE}},
         1,
         PORTCLASS_EVIDENCE_FIRST_PACKET},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        portclass_server_choice_t roles = portclass_choose_server(&cases[i].packet);
        g_test_message("%s", cases[i].why);
        g_assert_cmpuint(roles.server, ==, cases[i].server_side);
        g_assert_cmpint(roles.evidence, ==, cases[i].evidence);
    }

    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_SYN), ==, "syn");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_SYN_ACK), ==, "syn-ack");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_PORT), ==, "port");
    g_assert_cmpstr(portclass_evidence_name(PORTCLASS_EVIDENCE_FIRST_PACKET), ==, "first-packet");
}

static void test_app_protocols(void)
{
    /* The whole table: a name out of order would be missed by bsearch(). */
    static const char *const known[] = {
        "bgp",    "dhcp",     "dns",   "ftp",   "ftp-data", "geneve", "gtp",   "http", "imap",
        "irc",    "kerberos", "ldap",  "llmnr", "mdns",     "mqtt",   "mysql", "nbss", "nntp",
        "ntp",    "openvpn",  "pgsql", "pop",   "quic",     "rtcp",   "rtp",   "rtsp", "sip",
        "smtp",   "snmp",     "ssdp",  "ssh",   "stun",     "syslog", "t38",   "tds",  "telnet",
        "teredo", "tftp",     "tls",   "vnc",   "vxlan",    "whois",  "xmpp"};
    for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(known[i]);
        g_assert_nonnull(app);
        g_assert_cmpstr(app->protocol, ==, known[i]);
    }
    g_assert_null(portclass_app_protocol_lookup("data"));
    g_assert_null(portclass_app_protocol_lookup(NULL));

    const portclass_app_protocol_t *ssh = portclass_app_protocol_lookup("ssh");
    g_assert_cmpstr(ssh->name, ==, "SSH");
    g_assert_true(portclass_app_protocol_standard_port(ssh, PORTCLASS_TCP, 22));
    g_assert_false(portclass_app_protocol_standard_port(ssh, PORTCLASS_TCP, 2222));
    g_assert_false(portclass_app_protocol_standard_port(ssh, PORTCLASS_UDP, 22));

    const portclass_app_protocol_t *http = portclass_app_protocol_lookup("http");
    g_assert_true(portclass_app_protocol_standard_port(http, PORTCLASS_TCP, 8080));
    g_assert_false(portclass_app_protocol_standard_port(http, PORTCLASS_TCP, 4444));

    const portclass_app_protocol_t *tls = portclass_app_protocol_lookup("tls");
    g_assert_true(portclass_app_protocol_standard_port(tls, PORTCLASS_TCP, 993));
    g_assert_true(portclass_app_protocol_standard_port(tls, PORTCLASS_TCP, 990));
    g_assert_false(portclass_app_protocol_standard_port(tls, PORTCLASS_TCP, 4443));

    const portclass_app_protocol_t *dns = portclass_app_protocol_lookup("dns");
    g_assert_true(portclass_app_protocol_standard_port(dns, PORTCLASS_UDP, 53));
    g_assert_false(portclass_app_protocol_standard_port(dns, PORTCLASS_UDP, 8053));

    const portclass_app_protocol_t *ftp_data = portclass_app_protocol_lookup("ftp-data");
    g_assert_true(portclass_app_protocol_any_port(ftp_data));
    g_assert_true(portclass_app_protocol_standard_port(ftp_data, PORTCLASS_TCP, 50000));
    g_assert_false(portclass_app_protocol_any_port(ssh));
}

/* One expected answer of portclass_app_protocol_standard_port(). */
typedef struct {
    const char *protocol;
    portclass_transport_t transport;
    guint16 port;
    gboolean standard;
    const char *why;
} standard_port_case_t;

static void check_standard_ports(const standard_port_case_t *cases, gsize n_cases)
{
    for (gsize i = 0; i < n_cases; i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(cases[i].protocol);
        g_test_message("%s on %u/%s: %s", cases[i].protocol, cases[i].port,
                       cases[i].transport == PORTCLASS_TCP ? "tcp" : "udp", cases[i].why);
        g_assert_nonnull(app);
        g_assert_cmpint(
            portclass_app_protocol_standard_port(app, cases[i].transport, cases[i].port), ==,
            cases[i].standard);
    }
}

static void test_tls_upgrades(void)
{
    static const standard_port_case_t cases[] = {
        {"tls", PORTCLASS_TCP, 25, TRUE, "SMTP STARTTLS"},
        {"tls", PORTCLASS_TCP, 587, TRUE, "submission STARTTLS"},
        {"tls", PORTCLASS_TCP, 21, TRUE, "FTP AUTH TLS"},
        {"tls", PORTCLASS_TCP, 23, TRUE, "Telnet START_TLS"},
        {"tls", PORTCLASS_TCP, 110, TRUE, "POP3 STLS"},
        {"tls", PORTCLASS_TCP, 119, TRUE, "NNTP STARTTLS"},
        {"tls", PORTCLASS_TCP, 143, TRUE, "IMAP STARTTLS"},
        {"tls", PORTCLASS_TCP, 389, TRUE, "LDAP StartTLS"},
        {"tls", PORTCLASS_TCP, 3268, TRUE, "LDAP StartTLS, global catalog"},
        {"tls", PORTCLASS_TCP, 3306, TRUE, "MySQL SSL request"},
        {"tls", PORTCLASS_TCP, 3389, TRUE, "RDP after the X.224 negotiation"},
        {"tls", PORTCLASS_TCP, 4190, TRUE, "ManageSieve STARTTLS"},
        {"tls", PORTCLASS_TCP, 4556, TRUE, "DTN TCPCL"},
        {"tls", PORTCLASS_TCP, 5222, TRUE, "XMPP client STARTTLS"},
        {"tls", PORTCLASS_TCP, 5269, TRUE, "XMPP server STARTTLS"},
        {"tls", PORTCLASS_TCP, 5432, TRUE, "PostgreSQL SSLRequest"},
        {"tls", PORTCLASS_TCP, 44321, TRUE, "PCP secure sockets"},
        {"tls", PORTCLASS_UDP, 25, FALSE, "an upgrade happens on a TCP connection"},
        {"tls", PORTCLASS_TCP, 80, FALSE, "HTTP's Upgrade to TLS is not deployed"},
        {"tls", PORTCLASS_TCP, 2525, FALSE, "an SMTP alternate, not SMTP's port"},
        {"tls", PORTCLASS_TCP, 4433, FALSE, "a test server's port"},
        {"tls", PORTCLASS_TCP, 9131, FALSE, "an application's own port"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));

    /* Every clear-text protocol in the table that Wireshark follows into
     * TLS on the same connection: TLS is standard on all its TCP ports. */
    static const char *const upgrading[] = {"ftp",   "imap", "ldap", "mysql",  "nntp",
                                            "pgsql", "pop",  "smtp", "telnet", "xmpp"};
    const portclass_app_protocol_t *tls = portclass_app_protocol_lookup("tls");
    for (gsize i = 0; i < G_N_ELEMENTS(upgrading); i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(upgrading[i]);
        g_assert_nonnull(app);
        g_assert_null(app->upgrade_ports);
        for (const guint16(*range)[2] = app->ports[PORTCLASS_TCP]; (*range)[1] != 0; range++) {
            g_test_message("%s: TLS on %u-%u", upgrading[i], (*range)[0], (*range)[1]);
            g_assert_true(portclass_app_protocol_standard_port(tls, PORTCLASS_TCP, (*range)[0]));
            g_assert_true(portclass_app_protocol_standard_port(tls, PORTCLASS_TCP, (*range)[1]));
        }
    }
}

static void test_framing_layers(void)
{
    static const standard_port_case_t cases[] = {
        {"nbss", PORTCLASS_TCP, 139, TRUE, "after a NetBIOS session request"},
        {"nbss", PORTCLASS_TCP, 445, TRUE, "SMB directly over TCP is framed by NBSS"},
        {"nbss", PORTCLASS_TCP, 4450, FALSE, "not an SMB port"},
        {"nbss", PORTCLASS_UDP, 445, FALSE, "NBSS is a TCP framing"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));
    /* Never right above TCP or UDP in Wireshark, so never looked up. */
    g_assert_null(portclass_app_protocol_lookup("smb"));
    g_assert_null(portclass_app_protocol_lookup("smb2"));
    g_assert_null(portclass_app_protocol_lookup("rdp"));
    g_assert_null(portclass_app_protocol_lookup("srtp"));
}

static void test_negotiated_ports(void)
{
    static const char *const any_port[] = {"ftp-data", "rtcp", "rtp",    "stun",
                                           "t38",      "tds",  "teredo", "tftp"};
    for (gsize i = 0; i < G_N_ELEMENTS(any_port); i++) {
        const portclass_app_protocol_t *app = portclass_app_protocol_lookup(any_port[i]);
        g_test_message("%s uses any port", any_port[i]);
        g_assert_nonnull(app);
        g_assert_true(portclass_app_protocol_any_port(app));
        g_assert_true(portclass_app_protocol_standard_port(app, PORTCLASS_UDP, 54400));
        g_assert_true(portclass_app_protocol_standard_port(app, PORTCLASS_TCP, 19302));
    }
    g_assert_false(portclass_app_protocol_any_port(portclass_app_protocol_lookup("quic")));
    g_assert_false(portclass_app_protocol_any_port(portclass_app_protocol_lookup("tls")));
}

static void test_deployed_ports(void)
{
    static const standard_port_case_t cases[] = {
        {"http", PORTCLASS_TCP, 631, TRUE, "IPP is HTTP"},
        {"http", PORTCLASS_TCP, 5985, TRUE, "WinRM is HTTP"},
        {"http", PORTCLASS_TCP, 9200, TRUE, "Elasticsearch's REST API"},
        {"http", PORTCLASS_TCP, 11371, TRUE, "HKP key servers"},
        {"http", PORTCLASS_TCP, 57226, FALSE, "a development server's random port"},
        {"tls", PORTCLASS_TCP, 443, TRUE, "HTTPS"},
        {"tls", PORTCLASS_TCP, 5349, TRUE, "STUN/TURN over TLS"},
        {"tls", PORTCLASS_TCP, 6443, TRUE, "Kubernetes API"},
        {"tls", PORTCLASS_TCP, 6514, TRUE, "syslog over TLS"},
        {"tls", PORTCLASS_TCP, 10162, TRUE, "SNMP traps over TLS"},
        {"quic", PORTCLASS_UDP, 443, TRUE, "HTTP/3"},
        {"quic", PORTCLASS_UDP, 853, TRUE, "DNS over QUIC"},
        {"quic", PORTCLASS_UDP, 4443, FALSE, "an alternate HTTP/3 port"},
        {"ssh", PORTCLASS_TCP, 830, TRUE, "NETCONF over SSH"},
        {"ssh", PORTCLASS_TCP, 29418, TRUE, "Gerrit"},
        {"vnc", PORTCLASS_TCP, 5999, TRUE, "display 99"},
        {"vnc", PORTCLASS_TCP, 5500, TRUE, "a listening viewer"},
        {"vnc", PORTCLASS_TCP, 6000, FALSE, "X11 display 0, not VNC"},
        {"dhcp", PORTCLASS_UDP, 4011, TRUE, "PXE boot server"},
        {"vxlan", PORTCLASS_UDP, 8472, TRUE, "Linux's default VXLAN port"},
        {"gtp", PORTCLASS_UDP, 3386, TRUE, "GTP version 0"},
        {"xmpp", PORTCLASS_TCP, 5269, TRUE, "server to server"},
        {"nntp", PORTCLASS_TCP, 119, TRUE, "NNTP"},
        {"dns", PORTCLASS_UDP, 65333, FALSE, "a resolver on a random port"},
    };
    check_standard_ports(cases, G_N_ELEMENTS(cases));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/class/boundaries", test_class_boundaries);
    g_test_add_func("/class/names", test_class_names);
    g_test_add_func("/table/first-assignment-wins", test_table_first_assignment_wins);
    g_test_add_func("/table/transport-aware", test_table_transport_aware);
    g_test_add_func("/table/reversed-range", test_table_rejects_reversed_range);
    g_test_add_func("/table/full-port-space", test_table_full_port_space);
    g_test_add_func("/iana/sample", test_iana_sample);
    g_test_add_func("/iana/ranges", test_iana_ranges);
    g_test_add_func("/iana/unknown-ports", test_iana_unknown_ports);
    g_test_add_func("/iana/missing-file", test_iana_missing_file);
    g_test_add_func("/iana/empty-file", test_iana_empty_file);
    g_test_add_func("/iana/malformed-file", test_iana_malformed_file);
    g_test_add_func("/iana/not-utf8", test_iana_not_utf8);
    g_test_add_func("/iana/text-without-final-newline", test_iana_text_without_final_newline);
    g_test_add_func("/iana/dump-format", test_iana_dump_format);
    g_test_add_func("/iana/installed-registry", test_iana_installed_registry);
    g_test_add_func("/curated/seed-rows", test_curated_seed_rows);
    g_test_add_func("/curated/file-is-clean", test_curated_file_is_clean);
    g_test_add_func("/curated/bad-rows", test_curated_bad_rows);
    g_test_add_func("/parse/port-range", test_parse_port_range);
    g_test_add_func("/parse/transport", test_parse_transport);
    g_test_add_func("/lookup/curated-over-iana", test_lookup_curated_over_iana);
    g_test_add_func("/language/class-labels", test_class_labels_in_languages);
    g_test_add_func("/language/descriptions", test_descriptions_in_languages);
    g_test_add_func("/custom/good-rows", test_custom_rows_good);
    g_test_add_func("/custom/bad-rows", test_custom_rows_bad);
    g_test_add_func("/custom/over-curated", test_custom_over_curated);
    g_test_add_func("/roles/ephemeral-ranges", test_ephemeral_ranges);
    g_test_add_func("/roles/server-by-port", test_server_by_port);
    g_test_add_func("/roles/decide", test_decide_roles);
    g_test_add_func("/roles/app-protocols", test_app_protocols);
    g_test_add_func("/roles/tls-upgrades", test_tls_upgrades);
    g_test_add_func("/roles/framing-layers", test_framing_layers);
    g_test_add_func("/roles/negotiated-ports", test_negotiated_ports);
    g_test_add_func("/roles/deployed-ports", test_deployed_ports);

    return g_test_run();
}
