/* test-text.c - unit tests of the wording (include/portclass/text.h), in
 * English and Japanese.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "portclass/roles.h"
#include "portclass/text.h"

#define EN PORTCLASS_LANG_EN
#define JA PORTCLASS_LANG_JA

/* A curated HTTPS entry over IANA's "https". */
static const portclass_entry_t https_curated = {
    .name = "HTTPS",
    .description = "encrypted web browsing (HTTP over TLS)",
    .description_ja = "暗号化されたウェブ閲覧 (HTTP over TLS)",
};
static const portclass_entry_t https_iana = {.name = "https",
                                             .description = "http protocol over TLS/SSL"};
static const portclass_entry_t safetynetp_iana = {.name = "safetynetp",
                                                  .description = "SafetyNET p"};

static const portclass_service_t https = {NULL, &https_curated, &https_iana};
static const portclass_service_t safetynetp = {NULL, NULL, &safetynetp_iana};
static const portclass_service_t nothing = {NULL, NULL, NULL};

/* What the last writer wrote. */
static char written[512];

/* A fresh, empty text writing into written. */
static portclass_text_t *fresh(void)
{
    static portclass_text_t text;

    portclass_text_init(&text, written, sizeof written);
    return &text;
}

static const char *port_line(const portclass_port_words_t *port, portclass_language_t language)
{
    portclass_text_port_line(fresh(), port, language);
    return written;
}

static void test_port_lines(void)
{
    portclass_port_words_t server = {443, PORTCLASS_WELL_KNOWN, &https, 0};
    portclass_port_words_t linux_client = {40000, PORTCLASS_REGISTERED, &safetynetp,
                                           PORTCLASS_EPHEMERAL_LINUX};
    portclass_port_words_t iana_client = {50100, PORTCLASS_DYNAMIC, &nothing,
                                          PORTCLASS_EPHEMERAL_IANA | PORTCLASS_EPHEMERAL_LINUX};
    portclass_port_words_t unassigned = {50101, PORTCLASS_DYNAMIC, &nothing, 0};

    g_assert_cmpstr(port_line(&server, EN), ==,
                    "443, well-known (0-1023): HTTPS, encrypted web browsing (HTTP over TLS) "
                    "(IANA: https, \"http protocol over TLS/SSL\")");
    g_assert_cmpstr(
        port_line(&server, JA), ==,
        "443, ウェルノウンポート (0-1023): HTTPS, 暗号化されたウェブ閲覧 (HTTP over TLS) "
        "(IANA: https, \"http protocol over TLS/SSL\")");
    g_assert_cmpstr(port_line(&linux_client, EN), ==,
                    "40000, registered (1024-49151): the client's ephemeral port (Linux default "
                    "range 32768-60999); IANA assigns the number to safetynetp");
    g_assert_cmpstr(
        port_line(&linux_client, JA), ==,
        "40000, 登録済みポート (1024-49151): クライアントの一時ポート (Linux の既定範囲 "
        "32768-60999)。IANA ではこの番号は safetynetp に割り当て");
    g_assert_cmpstr(port_line(&iana_client, EN), ==,
                    "50100, dynamic/private (49152-65535): the client's ephemeral port (IANA and "
                    "Linux default ranges)");
    g_assert_cmpstr(port_line(&unassigned, EN), ==, "50101, dynamic/private (49152-65535)");
    /* An IANA name alone: the name and IANA's description, once. */
    portclass_port_words_t iana_only = {40000, PORTCLASS_REGISTERED, &safetynetp, 0};
    g_assert_cmpstr(port_line(&iana_only, EN), ==,
                    "40000, registered (1024-49151): safetynetp, SafetyNET p");
}

static void test_summary(void)
{
    portclass_port_words_t client = {50100, PORTCLASS_DYNAMIC, &nothing, PORTCLASS_EPHEMERAL_IANA};
    portclass_port_words_t server = {443, PORTCLASS_WELL_KNOWN, &https, 0};
    portclass_port_words_t linux_client = {40000, PORTCLASS_REGISTERED, &safetynetp,
                                           PORTCLASS_EPHEMERAL_LINUX};

    portclass_text_summary(fresh(), &client, &server, FALSE, EN);
    g_assert_cmpstr(written, ==, "Port Classification: 50100 (dynamic) -> 443 (well-known, HTTPS)");
    portclass_text_summary(fresh(), &client, &server, FALSE, JA);
    g_assert_cmpstr(written, ==, "ポート分類: 50100 (dynamic) -> 443 (well-known, HTTPS)");
    /* A client's ephemeral port is not named after its IANA service. */
    portclass_text_summary(fresh(), &server, &linux_client, TRUE, EN);
    g_assert_cmpstr(written, ==,
                    "Port Classification: 443 (well-known, HTTPS) -> 40000 (registered) "
                    "[quoted in an ICMP error]");
    portclass_text_summary(fresh(), &server, &linux_client, TRUE, JA);
    g_assert_cmpstr(
        written, ==,
        "ポート分類: 443 (well-known, HTTPS) -> 40000 (registered) [ICMP エラー内の引用]");
    portclass_text_summary(fresh(), &client, NULL, FALSE, EN);
    g_assert_cmpstr(written, ==,
                    "Port Classification: 50100 (dynamic) -> [destination port not captured]");
    portclass_text_summary(fresh(), NULL, NULL, FALSE, JA);
    g_assert_cmpstr(written, ==,
                    "ポート分類: [送信元ポートは未キャプチャ] -> [宛先ポートは未キャプチャ]");
}

static void test_item_names(void)
{
    for (int item = 0; item < PORTCLASS_N_ITEMS; item++) {
        g_assert_null(portclass_text_item_name((portclass_item_t)item, EN));
        g_assert_nonnull(portclass_text_item_name((portclass_item_t)item, JA));
    }
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_DIRECTION, JA), ==, "通信の向き");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_SOURCE_PORT, JA), ==, "送信元ポート");
}

static void test_port_state(void)
{
    portclass_text_port_state(fresh(), 23, PORTCLASS_TCP, "Telnet", "198.51.100.20",
                              PORTCLASS_PORT_STATE_CLOSED, EN);
    g_assert_cmpstr(written, ==, "Port 23/tcp (Telnet) on 198.51.100.20 is closed");
    portclass_text_port_state(fresh(), 23, PORTCLASS_TCP, "Telnet", "198.51.100.20",
                              PORTCLASS_PORT_STATE_CLOSED, JA);
    g_assert_cmpstr(written, ==, "198.51.100.20 のポート 23/tcp (Telnet) は閉じています (closed)");
    portclass_text_port_state(fresh(), 50500, PORTCLASS_UDP, NULL, NULL, PORTCLASS_PORT_STATE_OPEN,
                              EN);
    g_assert_cmpstr(written, ==, "Port 50500/udp is open");
    portclass_text_port_state(fresh(), 50500, PORTCLASS_UDP, NULL, NULL, PORTCLASS_PORT_STATE_OPEN,
                              JA);
    g_assert_cmpstr(written, ==, "のポート 50500/udp は開いています (open)");
}

static void test_port_notes(void)
{
    portclass_text_nonstandard(fresh(), "SSH", 2222, PORTCLASS_TCP, "EtherNet-IP-1", EN);
    g_assert_cmpstr(written, ==, "SSH on port 2222/tcp (IANA: EtherNet-IP-1)");
    portclass_text_nonstandard(fresh(), "HTTP", 4444, PORTCLASS_TCP, NULL, JA);
    g_assert_cmpstr(written, ==,
                    "HTTP が標準外のポート 4444/tcp で使われています (IANA の割り当てなし)");
    portclass_text_nonstandard(fresh(), "HTTP", 4444, PORTCLASS_TCP, NULL, EN);
    g_assert_cmpstr(written, ==, "HTTP on port 4444/tcp (no IANA assignment)");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_PORT_ZERO, 0, PORTCLASS_UDP, EN);
    g_assert_cmpstr(written, ==,
                    "Port 0/udp in use: it is reserved, no service listens on it, so traffic to "
                    "or from it is malformed or a probe");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_PORT_ZERO, 0, PORTCLASS_TCP, JA);
    g_assert_cmpstr(
        written, ==,
        "ポート 0/tcp が使われています。0 番は予約済みでどのサービスも待ち受けないため、"
        "不正なパケットか調査目的の通信です");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_DYNAMIC_SERVER, 50102, PORTCLASS_TCP, EN);
    g_assert_cmpstr(written, ==,
                    "The server uses dynamic port 50102/tcp, a range clients normally pick their "
                    "ports from");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_DYNAMIC_SERVER, 50102, PORTCLASS_TCP, JA);
    g_assert_cmpstr(written, ==,
                    "サーバーが動的ポート 50102/tcp を使っています。この範囲は通常クライアントが"
                    "自分のポートに使います");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_WELL_KNOWN_CLIENT, 20, PORTCLASS_TCP, EN);
    g_assert_cmpstr(written, ==, "The client uses well-known port 20/tcp as its source port");
    portclass_text_port_note(fresh(), PORTCLASS_NOTE_WELL_KNOWN_CLIENT, 20, PORTCLASS_TCP, JA);
    g_assert_cmpstr(written, ==,
                    "クライアントがウェルノウンポート 20/tcp を送信元ポートに使っています");
}

static void test_buffer_limits(void)
{
    char small[8];
    portclass_text_t text;

    portclass_text_init(&text, small, sizeof small);
    g_assert_cmpstr(small, ==, "");
    portclass_text_add(&text, "Port ");
    portclass_text_add_uint(&text, 65535);
    portclass_text_add(&text, NULL);
    /* Cut, and terminated. */
    g_assert_cmpstr(small, ==, "Port 65");
    g_assert_cmpuint(text.length, ==, 7);
    portclass_text_add(&text, "more");
    g_assert_cmpstr(small, ==, "Port 65");

    char one[1];
    portclass_text_init(&text, one, sizeof one);
    portclass_text_add_uint(&text, 0);
    g_assert_cmpstr(one, ==, "");
}

/* A cut never splits a character: "ポート" is three 3-byte characters. */
static void test_cut_between_characters(void)
{
    char eight[8];
    portclass_text_t text;

    portclass_text_init(&text, eight, sizeof eight);
    portclass_text_add(&text, "ポート");
    g_assert_cmpstr(eight, ==, "ポー");
    g_assert_cmpuint(text.length, ==, 6);
    g_assert_true(g_utf8_validate(eight, -1, NULL));

    portclass_text_init(&text, eight, sizeof eight);
    portclass_text_add(&text, "ab");
    portclass_text_add(&text, "ポート");
    g_assert_cmpstr(eight, ==, "abポ");
    /* The bytes the cut left free still take what fits. */
    portclass_text_add(&text, "c");
    g_assert_cmpstr(eight, ==, "abポc");
    g_assert_cmpuint(text.length, ==, 6);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/text/port-lines", test_port_lines);
    g_test_add_func("/text/summary", test_summary);
    g_test_add_func("/text/item-names", test_item_names);
    g_test_add_func("/text/port-state", test_port_state);
    g_test_add_func("/text/port-notes", test_port_notes);
    g_test_add_func("/text/buffer-limits", test_buffer_limits);
    g_test_add_func("/text/cut-between-characters", test_cut_between_characters);
    return g_test_run();
}
