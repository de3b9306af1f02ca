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
    g_assert_cmpstr(port_line(&server, JA), ==,
                    "443、ウェルノウンポート (0-1023)、HTTPS: 暗号化されたウェブ閲覧 (HTTP over "
                    "TLS) (IANA: https「http protocol over TLS/SSL」)");
    g_assert_cmpstr(port_line(&linux_client, EN), ==,
                    "40000, registered (1024-49151): the client's ephemeral port (Linux default "
                    "range 32768-60999); IANA assigns the number to safetynetp");
    g_assert_cmpstr(port_line(&linux_client, JA), ==,
                    "40000、登録ポート (1024-49151)、クライアントのエフェメラルポート (Linux の既定"
                    "範囲: 32768-60999)。IANA ではこの番号は safetynetp に割り当てられています");
    g_assert_cmpstr(port_line(&iana_client, EN), ==,
                    "50100, dynamic/private (49152-65535): the client's ephemeral port (IANA and "
                    "Linux default ranges)");
    g_assert_cmpstr(
        port_line(&iana_client, JA), ==,
        "50100、ダイナミック/プライベートポート (49152-65535)、クライアントのエフェメラル"
        "ポート (IANA の推奨範囲と Linux の既定範囲のどちらにも含まれる)");
    portclass_port_words_t windows_client = {50100, PORTCLASS_DYNAMIC, &nothing,
                                             PORTCLASS_EPHEMERAL_IANA};
    g_assert_cmpstr(
        port_line(&windows_client, JA), ==,
        "50100、ダイナミック/プライベートポート (49152-65535)、クライアントのエフェメラル"
        "ポート (IANA の推奨範囲、Windows と macOS の既定範囲: 49152-65535)");
    g_assert_cmpstr(port_line(&unassigned, EN), ==, "50101, dynamic/private (49152-65535)");
    g_assert_cmpstr(port_line(&unassigned, JA), ==,
                    "50101、ダイナミック/プライベートポート (49152-65535)");
    /* An IANA name alone: the name and IANA's description, once. */
    portclass_port_words_t iana_only = {40000, PORTCLASS_REGISTERED, &safetynetp, 0};
    g_assert_cmpstr(port_line(&iana_only, EN), ==,
                    "40000, registered (1024-49151): safetynetp, SafetyNET p");
    g_assert_cmpstr(port_line(&iana_only, JA), ==,
                    "40000、登録ポート (1024-49151)、safetynetp: SafetyNET p");
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
    g_assert_cmpstr(written, ==, "ポート分類: 50100 (ダイナミック) -> 443 (ウェルノウン、HTTPS)");
    /* A client's ephemeral port is not named after its IANA service. */
    portclass_text_summary(fresh(), &server, &linux_client, TRUE, EN);
    g_assert_cmpstr(written, ==,
                    "Port Classification: 443 (well-known, HTTPS) -> 40000 (registered) "
                    "[quoted in an ICMP error]");
    portclass_text_summary(fresh(), &server, &linux_client, TRUE, JA);
    g_assert_cmpstr(written, ==,
                    "ポート分類: 443 (ウェルノウン、HTTPS) -> 40000 (登録) [ICMP エラーに引用された"
                    "ヘッダ]");
    portclass_text_summary(fresh(), &client, NULL, FALSE, EN);
    g_assert_cmpstr(written, ==,
                    "Port Classification: 50100 (dynamic) -> [destination port not captured]");
    portclass_text_summary(fresh(), NULL, NULL, FALSE, JA);
    g_assert_cmpstr(
        written, ==,
        "ポート分類: [送信元ポートはキャプチャされていません] -> [宛先ポートはキャプチャ"
        "されていません]");
}

/* A class out of range is "unknown", in any language. */
static void test_unknown_class(void)
{
    portclass_port_words_t odd = {7, PORTCLASS_N_CLASSES, &nothing, 0};

    g_assert_cmpstr(port_line(&odd, EN), ==, "7, unknown");
    g_assert_cmpstr(port_line(&odd, JA), ==, "7、unknown");
    portclass_text_summary(fresh(), &odd, NULL, FALSE, JA);
    g_assert_cmpstr(written, ==,
                    "ポート分類: 7 (unknown) -> [宛先ポートはキャプチャされていません]");
}

static void test_item_names(void)
{
    for (int item = 0; item < PORTCLASS_N_ITEMS; item++) {
        g_assert_null(portclass_text_item_name((portclass_item_t)item, EN));
        g_assert_nonnull(portclass_text_item_name((portclass_item_t)item, JA));
    }
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_TRANSPORT, JA), ==, "トランスポート層");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_DIRECTION, JA), ==, "通信の向き");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_SOURCE_PORT, JA), ==, "送信元ポート");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_ROLE_EVIDENCE, JA), ==,
                    "サーバ判定の根拠");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_QUOTED, JA), ==,
                    "ICMP エラー内のヘッダ");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_SERVER_CLEARTEXT, JA), ==,
                    "平文のサービス");
    g_assert_cmpstr(portclass_text_item_name(PORTCLASS_ITEM_NONSTANDARD, JA), ==,
                    "本来のポート以外");
    /* Every Japanese name holds Japanese: none is left in English. */
    for (int item = 0; item < PORTCLASS_N_ITEMS; item++) {
        const char *name = portclass_text_item_name((portclass_item_t)item, JA);
        gboolean ascii_only = TRUE;
        for (const char *c = name; *c; c++)
            ascii_only = ascii_only && (guchar)*c < 0x80;
        g_assert_false(ascii_only);
    }
}

/* The direction, evidence and port state values in words, before the
 * filter value; every value the core names has its words. */
static void test_value_words(void)
{
    static const char *const directions[] = {"client-to-server", "server-to-client"};

    for (gsize i = 0; i < G_N_ELEMENTS(directions); i++)
        g_assert_nonnull(portclass_text_value_word(directions[i], JA));
    for (int evidence = 0; evidence < PORTCLASS_N_EVIDENCES; evidence++)
        g_assert_nonnull(
            portclass_text_value_word(portclass_evidence_name((portclass_evidence_t)evidence), JA));
    g_assert_cmpstr(portclass_text_value_word("client-to-server", JA), ==,
                    "クライアントからサーバへ");
    g_assert_cmpstr(portclass_text_value_word("syn-ack", JA), ==, "SYN-ACK パケット");
    g_assert_cmpstr(
        portclass_text_value_word(portclass_port_state_name(PORTCLASS_PORT_STATE_OPEN), JA), ==,
        "開いている");
    g_assert_cmpstr(
        portclass_text_value_word(portclass_port_state_name(PORTCLASS_PORT_STATE_CLOSED), JA), ==,
        "閉じている");
    /* English has no words besides the value; other values have none. */
    g_assert_null(portclass_text_value_word("open", EN));
    g_assert_null(portclass_text_value_word("ssh", JA));
    g_assert_null(portclass_text_value_word(NULL, JA));
}

static void test_port_state(void)
{
    portclass_text_port_state(written, sizeof written, 23, PORTCLASS_TCP, "Telnet", "198.51.100.20",
                              PORTCLASS_PORT_STATE_CLOSED, EN);
    g_assert_cmpstr(written, ==, "Port 23/tcp (Telnet) on 198.51.100.20 is closed");
    portclass_text_port_state(written, sizeof written, 23, PORTCLASS_TCP, "Telnet", "198.51.100.20",
                              PORTCLASS_PORT_STATE_CLOSED, JA);
    g_assert_cmpstr(written, ==, "198.51.100.20 のポート 23/tcp (Telnet) は閉じています (closed)");
    portclass_text_port_state(written, sizeof written, 50500, PORTCLASS_UDP, NULL, NULL,
                              PORTCLASS_PORT_STATE_OPEN, EN);
    g_assert_cmpstr(written, ==, "Port 50500/udp is open");
    portclass_text_port_state(written, sizeof written, 50500, PORTCLASS_UDP, NULL, NULL,
                              PORTCLASS_PORT_STATE_OPEN, JA);
    g_assert_cmpstr(written, ==, "ポート 50500/udp は開いています (open)");
    portclass_text_port_state(written, sizeof written, 53, PORTCLASS_UDP, "DNS", NULL,
                              PORTCLASS_PORT_STATE_CLOSED, JA);
    g_assert_cmpstr(written, ==, "ポート 53/udp (DNS) は閉じています (closed)");
    portclass_text_port_state(written, sizeof written, 53, PORTCLASS_UDP, NULL, "2001:db8::20",
                              PORTCLASS_PORT_STATE_OPEN, JA);
    g_assert_cmpstr(written, ==, "2001:db8::20 のポート 53/udp は開いています (open)");
    portclass_text_port_state(written, sizeof written, 53, PORTCLASS_UDP, NULL, "2001:db8::20",
                              PORTCLASS_PORT_STATE_OPEN, EN);
    g_assert_cmpstr(written, ==, "Port 53/udp on 2001:db8::20 is open");
}

static void test_port_notes(void)
{
    portclass_text_nonstandard(written, sizeof written, "SSH", 2222, PORTCLASS_TCP, "EtherNet-IP-1",
                               EN);
    g_assert_cmpstr(written, ==, "SSH on port 2222/tcp (IANA: EtherNet-IP-1)");
    portclass_text_nonstandard(written, sizeof written, "HTTP", 4444, PORTCLASS_TCP, NULL, JA);
    g_assert_cmpstr(written, ==,
                    "HTTP が本来のポートではない 4444/tcp で使われています (IANA の割り当てなし)");
    portclass_text_nonstandard(written, sizeof written, "SSH", 2222, PORTCLASS_TCP, "EtherNet-IP-1",
                               JA);
    g_assert_cmpstr(written, ==,
                    "SSH が本来のポートではない 2222/tcp で使われています (IANA での割り当て: "
                    "EtherNet-IP-1)");
    portclass_text_nonstandard(written, sizeof written, "HTTP", 4444, PORTCLASS_TCP, NULL, EN);
    g_assert_cmpstr(written, ==, "HTTP on port 4444/tcp (no IANA assignment)");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_PORT_ZERO, 0, PORTCLASS_UDP,
                             EN);
    g_assert_cmpstr(written, ==,
                    "Port 0/udp in use: it is reserved, no service listens on it, so traffic to "
                    "or from it is malformed or a probe");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_PORT_ZERO, 0, PORTCLASS_TCP,
                             JA);
    g_assert_cmpstr(
        written, ==,
        "ポート 0/tcp が使われています。0 番は予約済みでどのサービスも待ち受けないため、"
        "形式の誤ったパケットか、スキャンなどの探査と考えられます");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_DYNAMIC_SERVER, 50102,
                             PORTCLASS_TCP, EN);
    g_assert_cmpstr(written, ==,
                    "The server uses dynamic port 50102/tcp, a range clients normally pick their "
                    "ports from");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_DYNAMIC_SERVER, 50102,
                             PORTCLASS_TCP, JA);
    g_assert_cmpstr(written, ==,
                    "サーバがダイナミックポート 50102/tcp を使っています。この範囲は通常、"
                    "クライアントが自分のポートを選ぶ範囲です");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_WELL_KNOWN_CLIENT, 20,
                             PORTCLASS_TCP, EN);
    g_assert_cmpstr(written, ==, "The client uses well-known port 20/tcp as its source port");
    portclass_text_port_note(written, sizeof written, PORTCLASS_NOTE_WELL_KNOWN_CLIENT, 20,
                             PORTCLASS_TCP, JA);
    g_assert_cmpstr(written, ==,
                    "クライアントがウェルノウンポート 20/tcp を送信元ポートとして使っています");
}

static void test_buffer_limits(void)
{
    char small[8];
    portclass_text_t text;

    portclass_text_init(&text, small, sizeof small);
    g_assert_cmpstr(small, ==, "");
    portclass_text_add(&text, "Port ");
    portclass_text_add(&text, "65535");
    portclass_text_add(&text, NULL);
    /* Cut, and terminated. */
    g_assert_cmpstr(small, ==, "Port 65");
    g_assert_cmpuint(text.length, ==, 7);
    portclass_text_add(&text, "more");
    g_assert_cmpstr(small, ==, "Port 65");

    char one[1];
    portclass_text_init(&text, one, sizeof one);
    portclass_text_add(&text, "0");
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

/* ---- The language that follows the user ---------------------------------- */

static const char *const japanese_locale[] = {"ja_JP.UTF-8", "ja_JP", "ja.UTF-8", "ja", "C", NULL};
static const char *const c_locale[] = {"C.UTF-8", "C", NULL};

/* The file as Wireshark 4.0's window writes it (ui/language.c). */
#define WIRESHARK_LANGUAGE_FILE(value)                                                             \
    "# Language settings file for Wireshark 4.0.17.\n"                                             \
    "#\n"                                                                                          \
    "# This file is regenerated each time Wireshark is quit.\n"                                    \
    "# So be careful, if you want to make manual changes here.\n"                                  \
    "\n"                                                                                           \
    "language: " value "\n"

static void test_language_file_decides(void)
{
    g_assert_cmpint(portclass_language_followed(WIRESHARK_LANGUAGE_FILE("ja_JP"), c_locale), ==,
                    JA);
    g_assert_cmpint(portclass_language_followed(WIRESHARK_LANGUAGE_FILE("en_US"), japanese_locale),
                    ==, EN);
    /* A language portclass does not speak is English, not the system's. */
    g_assert_cmpint(portclass_language_followed(WIRESHARK_LANGUAGE_FILE("de"), japanese_locale), ==,
                    EN);
    g_assert_cmpint(portclass_language_followed("language: ja\n", NULL), ==, JA);
    g_assert_cmpint(portclass_language_followed("language:ja-JP.UTF-8", c_locale), ==, JA);
    g_assert_cmpint(portclass_language_followed("language: JA_jp \r\n", c_locale), ==, JA);
    g_assert_cmpint(portclass_language_followed("language  :  ja_JP\t\n", c_locale), ==, JA);
    /* The last line counts, as when Wireshark reads it. */
    g_assert_cmpint(portclass_language_followed("language: ja_JP\nlanguage: en_US\n", c_locale), ==,
                    EN);
    g_assert_cmpint(portclass_language_followed("language: en\nlanguage: ja", c_locale), ==, JA);
    /* Only "ja" itself is Japanese. */
    g_assert_cmpint(portclass_language_followed("language: jv", japanese_locale), ==, EN);
    g_assert_cmpint(portclass_language_followed("language: jav", japanese_locale), ==, EN);
    g_assert_cmpint(portclass_language_followed("language: japanese", japanese_locale), ==, EN);
}

static void test_language_file_leaves_it_to_the_system(void)
{
    static const char *const system_files[] = {
        WIRESHARK_LANGUAGE_FILE("system"),
        "language: auto\n",
        "language: (null)\n",
        "language:\n",
        "language:   \r\n",
        "",
        "# only a comment\n",
        "#language: en_US\n",
        /* A line starting with a blank continues the previous one. */
        "  language: en_US\n",
        "languages: en_US\n",
        "gui.language: en_US\n",
        "language en_US\n",
        "\xff\xfe\x01 not text",
    };

    for (gsize i = 0; i < G_N_ELEMENTS(system_files); i++) {
        g_assert_cmpint(portclass_language_followed(system_files[i], japanese_locale), ==, JA);
        g_assert_cmpint(portclass_language_followed(system_files[i], c_locale), ==, EN);
    }
    g_assert_cmpint(portclass_language_followed(NULL, japanese_locale), ==, JA);
    g_assert_cmpint(portclass_language_followed(NULL, c_locale), ==, EN);
}

static void test_locale_names_decide(void)
{
    static const char *const french[] = {"fr_FR.UTF-8", "fr_FR", "fr.UTF-8", "fr", "C", NULL};
    /* LANGUAGE=fr:ja: French first, which portclass does not speak. */
    static const char *const french_then_japanese[] = {"fr_FR", "fr", "ja_JP", "ja", "C", NULL};
    static const char *const english_then_japanese[] = {"en_GB", "en", "ja", "C", NULL};
    static const char *const posix[] = {"POSIX", NULL};
    static const char *const nothing_known[] = {"de_DE", "de", NULL};
    static const char *const empty[] = {NULL};

    g_assert_cmpint(portclass_language_followed(NULL, japanese_locale), ==, JA);
    g_assert_cmpint(portclass_language_followed(NULL, c_locale), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, french), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, french_then_japanese), ==, JA);
    g_assert_cmpint(portclass_language_followed(NULL, english_then_japanese), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, posix), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, nothing_known), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, empty), ==, EN);
    g_assert_cmpint(portclass_language_followed(NULL, NULL), ==, EN);
}

/* With the names GLib itself gives from the environment, as the plugin
 * asks for them: LANGUAGE first, then LC_ALL, LC_MESSAGES and LANG. */
static void test_locale_names_from_glib(void)
{
    g_unsetenv("LANGUAGE");
    g_unsetenv("LC_MESSAGES");
    g_setenv("LANG", "C.UTF-8", TRUE);
    g_setenv("LC_ALL", "ja_JP.UTF-8", TRUE);
    g_assert_cmpint(portclass_language_followed(NULL, g_get_language_names()), ==, JA);
    g_setenv("LC_ALL", "C.UTF-8", TRUE);
    g_assert_cmpint(portclass_language_followed(NULL, g_get_language_names()), ==, EN);
    g_setenv("LANGUAGE", "ja", TRUE);
    g_assert_cmpint(portclass_language_followed(NULL, g_get_language_names()), ==, JA);
    /* Wireshark's own choice comes before the system's. */
    g_assert_cmpint(portclass_language_followed("language: en_US\n", g_get_language_names()), ==,
                    EN);
    g_unsetenv("LANGUAGE");
    g_unsetenv("LC_ALL");
    g_setenv("LANG", "ja_JP.UTF-8", TRUE);
    g_assert_cmpint(portclass_language_followed(NULL, g_get_language_names()), ==, JA);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/text/port-lines", test_port_lines);
    g_test_add_func("/text/summary", test_summary);
    g_test_add_func("/text/unknown-class", test_unknown_class);
    g_test_add_func("/text/item-names", test_item_names);
    g_test_add_func("/text/value-words", test_value_words);
    g_test_add_func("/text/port-state", test_port_state);
    g_test_add_func("/text/port-notes", test_port_notes);
    g_test_add_func("/text/buffer-limits", test_buffer_limits);
    g_test_add_func("/text/cut-between-characters", test_cut_between_characters);
    g_test_add_func("/language/file-decides", test_language_file_decides);
    g_test_add_func("/language/file-leaves-it-to-the-system",
                    test_language_file_leaves_it_to_the_system);
    g_test_add_func("/language/locale-names-decide", test_locale_names_decide);
    g_test_add_func("/language/locale-names-from-glib", test_locale_names_from_glib);
    return g_test_run();
}
