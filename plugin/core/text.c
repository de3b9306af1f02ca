/* text.c - everything portclass says in words. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/text.h"

#include <stdarg.h>
#include <string.h>

#include "portclass/roles.h"

/* A piece of the labels made for every packet, in both languages; numbers
 * and names go between the pieces. The Japanese follows the seed article's
 * terms (ウェルノウンポート, 登録ポート, ダイナミック/プライベートポート,
 * エフェメラルポート), writes サーバ, ユーザ and ヘッダ without the long vowel
 * mark, separates with 、 and speaks to the reader in the polite form
 * (です/ます) in expert messages. */
typedef const char *const phrase_t[PORTCLASS_N_LANGUAGES];

static phrase_t comma = {", ", "、"};
static phrase_t after_class = {": ", "、"};
static phrase_t before_description = {", ", ": "};
static phrase_t iana_description_start = {", \"", "「"};
static phrase_t iana_description_end = {"\"", "」"};
/* By the PORTCLASS_EPHEMERAL_* ranges holding the client's port. */
static phrase_t ephemeral[] = {
    [PORTCLASS_EPHEMERAL_IANA] =
        {"the client's ephemeral port (IANA, Windows and macOS default range 49152-65535)",
         "クライアントのエフェメラルポート (IANA の推奨範囲、Windows と macOS の既定範囲: "
         "49152-65535)"},
    [PORTCLASS_EPHEMERAL_LINUX] =
        {"the client's ephemeral port (Linux default range 32768-60999)",
         "クライアントのエフェメラルポート (Linux の既定範囲: 32768-60999)"},
    [PORTCLASS_EPHEMERAL_IANA |
        PORTCLASS_EPHEMERAL_LINUX] = {"the client's ephemeral port (IANA and Linux default ranges)",
                                      "クライアントのエフェメラルポート (IANA の推奨範囲と Linux "
                                      "の既定範囲のどちらにも含まれる)"},
};
static phrase_t iana_assigns = {"; IANA assigns the number to ", "。IANA ではこの番号は "};
static phrase_t iana_assigns_end = {"", " に割り当てられています"};
static phrase_t summary_start = {"Port Classification: ", "ポート分類: "};
static phrase_t not_captured[PORTCLASS_N_SIDES] = {
    [PORTCLASS_SOURCE] = {"[source port not captured]", "[送信元ポートはキャプチャされていません]"},
    [PORTCLASS_DESTINATION] = {"[destination port not captured]",
                               "[宛先ポートはキャプチャされていません]"},
};
static phrase_t quoted_in_icmp = {" [quoted in an ICMP error]", " [ICMP エラーに引用されたヘッダ]"};

/* The classes' labels, and their words in a Japanese summary line (in
 * English, the filter values). */
static phrase_t class_labels[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = {"well-known (0-1023)", "ウェルノウンポート (0-1023)"},
    [PORTCLASS_REGISTERED] = {"registered (1024-49151)", "登録ポート (1024-49151)"},
    [PORTCLASS_DYNAMIC] = {"dynamic/private (49152-65535)",
                           "ダイナミック/プライベートポート (49152-65535)"},
};
static const char *const class_words_ja[PORTCLASS_N_CLASSES] = {
    [PORTCLASS_WELL_KNOWN] = "ウェルノウン",
    [PORTCLASS_REGISTERED] = "登録",
    [PORTCLASS_DYNAMIC] = "ダイナミック",
};

const char *portclass_text_class_word(portclass_class_t cls, portclass_language_t language)
{
    if (language == PORTCLASS_LANG_JA && (unsigned)cls < PORTCLASS_N_CLASSES)
        return class_words_ja[cls];
    return portclass_class_name(cls);
}

/* Item names other than English; English items keep the field's name. */
static const char *const item_names_ja[PORTCLASS_N_ITEMS] = {
    [PORTCLASS_ITEM_TRANSPORT] = "トランスポート層",
    [PORTCLASS_ITEM_SOURCE_PORT] = "送信元ポート",
    [PORTCLASS_ITEM_DESTINATION_PORT] = "宛先ポート",
    [PORTCLASS_ITEM_QUOTED] = "ICMP エラー内のヘッダ",
    [PORTCLASS_ITEM_DIRECTION] = "通信の向き",
    [PORTCLASS_ITEM_ROLE_EVIDENCE] = "サーバ判定の根拠",
    [PORTCLASS_ITEM_SERVER_CLEARTEXT] = "平文のサービス",
    [PORTCLASS_ITEM_PORT_STATE] = "ポートの状態",
    [PORTCLASS_ITEM_PAYLOAD] = "アプリケーションプロトコル",
    [PORTCLASS_ITEM_NONSTANDARD] = "本来のポート以外",
};

static portclass_language_t known(portclass_language_t language)
{
    return language < PORTCLASS_N_LANGUAGES ? language : PORTCLASS_LANG_EN;
}

void portclass_text_init(portclass_text_t *text, char *buffer, gsize size)
{
    text->buffer = buffer;
    text->size = size;
    text->length = 0;
    buffer[0] = '\0';
}

void portclass_text_add(portclass_text_t *text, const char *piece)
{
    if (!piece)
        return;
    gsize room = text->size - 1 - text->length;
    gsize length = strlen(piece);
    if (length > room) {
        /* Cut before the character that does not fit, not inside it: a
         * label with half a Japanese character is not valid UTF-8. */
        length = room;
        while (length > 0 && ((guchar)piece[length] & 0xC0) == 0x80)
            length--;
    }
    /* memcpy, not g_strlcpy: labels are built on every packet of a shown
     * tree, and g_strlcpy copies byte by byte. */
    memcpy(text->buffer + text->length, piece, length);
    text->length += length;
    text->buffer[text->length] = '\0';
}

/* A number in decimal, without the cost of a printf. */
static void add_uint(portclass_text_t *text, guint value)
{
    char digits[16];
    int i = (int)sizeof digits - 1;

    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    portclass_text_add(text, digits + i);
}

static void add_phrase(portclass_text_t *text, phrase_t phrase, portclass_language_t language)
{
    portclass_text_add(text, phrase[known(language)]);
}

/* For the expert messages, made less often than labels: formatted whole,
 * then written as a text, so that a cut still falls between characters.
 * GLib's printf takes the positional arguments ("%2$s") with which a
 * language reorders. */
static void write_message(char *buffer, gsize size, const char *format, ...)
{
    portclass_text_t text;
    va_list args;

    va_start(args, format);
    char *formatted = g_strdup_vprintf(format, args);
    va_end(args);
    portclass_text_init(&text, buffer, size);
    portclass_text_add(&text, formatted);
    g_free(formatted);
}

void portclass_text_port_line(portclass_text_t *text, const portclass_port_words_t *port,
                              portclass_language_t language)
{
    const portclass_service_t *service = port->service;
    const char *iana_name = portclass_service_iana_name(service);

    add_uint(text, port->port);
    add_phrase(text, comma, language);
    if ((unsigned)port->cls < PORTCLASS_N_CLASSES)
        add_phrase(text, class_labels[port->cls], language);
    else
        portclass_text_add(text, portclass_class_name(port->cls));
    if (port->client_ephemeral) {
        /* ": the client's ephemeral port (...); IANA assigns the number to x". */
        guint ranges =
            port->client_ephemeral & (PORTCLASS_EPHEMERAL_IANA | PORTCLASS_EPHEMERAL_LINUX);
        add_phrase(text, after_class, language);
        add_phrase(text, ephemeral[ranges], language);
        if (iana_name) {
            add_phrase(text, iana_assigns, language);
            portclass_text_add(text, iana_name);
            add_phrase(text, iana_assigns_end, language);
        }
        return;
    }
    /* ": HTTPS, encrypted web browsing (HTTP over TLS) (IANA: https, "...")". */
    const char *name = portclass_service_name(service);
    const char *description = portclass_service_description_in(service, language);

    if (name) {
        add_phrase(text, after_class, language);
        portclass_text_add(text, name);
    }
    if (description) {
        add_phrase(text, before_description, language);
        portclass_text_add(text, description);
    }
    /* IANA's own words, when ours came first. */
    if ((service->custom || service->curated) && iana_name) {
        portclass_text_add(text, " (IANA: ");
        portclass_text_add(text, iana_name);
        if (service->iana->description) {
            add_phrase(text, iana_description_start, language);
            portclass_text_add(text, service->iana->description);
            add_phrase(text, iana_description_end, language);
        }
        portclass_text_add(text, ")");
    }
}

/* "52144 (dynamic)" or "443 (well-known, HTTPS)"; the class in the
 * language's word, "443 (ウェルノウン、HTTPS)". */
static void add_summary_side(portclass_text_t *text, const portclass_port_words_t *port,
                             portclass_side_t side, portclass_language_t language)
{
    if (!port) {
        add_phrase(text, not_captured[side], language);
        return;
    }
    const char *name = port->client_ephemeral ? NULL : portclass_service_name(port->service);
    add_uint(text, port->port);
    portclass_text_add(text, " (");
    portclass_text_add(text, portclass_text_class_word(port->cls, language));
    if (name) {
        add_phrase(text, comma, language);
        portclass_text_add(text, name);
    }
    portclass_text_add(text, ")");
}

void portclass_text_summary(portclass_text_t *text, const portclass_port_words_t *source,
                            const portclass_port_words_t *destination, gboolean quoted,
                            portclass_language_t language)
{
    add_phrase(text, summary_start, language);
    add_summary_side(text, source, PORTCLASS_SOURCE, language);
    portclass_text_add(text, " -> ");
    add_summary_side(text, destination, PORTCLASS_DESTINATION, language);
    if (quoted)
        add_phrase(text, quoted_in_icmp, language);
}

const char *portclass_text_item_name(portclass_item_t item, portclass_language_t language)
{
    if (language != PORTCLASS_LANG_JA || item >= PORTCLASS_N_ITEMS)
        return NULL;
    return item_names_ja[item];
}

/* The filter values of the direction, evidence and port state items, in
 * words; the value itself follows in brackets, as filters compare it. */
static const struct {
    const char *value;
    const char *ja;
} value_words[] = {
    {"client-to-server", "クライアントからサーバへ"},
    {"server-to-client", "サーバからクライアントへ"},
    {"syn", "SYN パケット"},
    {"syn-ack", "SYN-ACK パケット"},
    {"port", "ポート番号"},
    {"first-packet", "最初のパケットの宛先"},
    {"open", "開いている"},
    {"closed", "閉じている"},
};

const char *portclass_text_value_word(const char *value, portclass_language_t language)
{
    if (language != PORTCLASS_LANG_JA || !value)
        return NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(value_words); i++)
        if (strcmp(value, value_words[i].value) == 0)
            return value_words[i].ja;
    return NULL;
}

void portclass_text_port_state(char *buffer, gsize size, guint16 port,
                               portclass_transport_t transport, const char *service,
                               const char *host, portclass_port_state_t state,
                               portclass_language_t language)
{
    /* Without and with a host: %1$s the port, %2$s its state, %3$s the
     * host, which Japanese names first. */
    static const char *const formats[PORTCLASS_N_LANGUAGES][2] = {
        [PORTCLASS_LANG_EN] = {"Port %1$s is %2$s", "Port %1$s on %3$s is %2$s"},
        [PORTCLASS_LANG_JA] = {"ポート %1$s は%2$s", "%3$s のポート %1$s は%2$s"},
    };
    static phrase_t open = {"open", "開いています (open)"};
    static phrase_t closed = {"closed", "閉じています (closed)"};
    const char *name = portclass_transport_filter_name(transport);
    char *where = service ? g_strdup_printf("%u/%s (%s)", (guint)port, name, service)
                          : g_strdup_printf("%u/%s", (guint)port, name);

    language = known(language);
    write_message(buffer, size, formats[language][host != NULL], where,
                  state == PORTCLASS_PORT_STATE_OPEN ? open[language] : closed[language], host);
    g_free(where);
}

void portclass_text_nonstandard(char *buffer, gsize size, const char *protocol, guint16 port,
                                portclass_transport_t transport, const char *iana_name,
                                portclass_language_t language)
{
    /* Without and with an IANA name. */
    static const char *const formats[PORTCLASS_N_LANGUAGES][2] = {
        [PORTCLASS_LANG_EN] = {"%s on port %u/%s (no IANA assignment)",
                               "%s on port %u/%s (IANA: %s)"},
        [PORTCLASS_LANG_JA] =
            {"%s が本来のポートではない %u/%s で使われています (IANA の割り当てなし)",
             "%s が本来のポートではない %u/%s で使われています (IANA での割り当て: %s)"},
    };

    write_message(buffer, size, formats[known(language)][iana_name != NULL], protocol, (guint)port,
                  portclass_transport_filter_name(transport), iana_name);
}

void portclass_text_port_note(char *buffer, gsize size, portclass_port_note_t note, guint16 port,
                              portclass_transport_t transport, portclass_language_t language)
{
    static const char *const formats[][PORTCLASS_N_LANGUAGES] = {
        [PORTCLASS_NOTE_PORT_ZERO] =
            {"Port %u/%s in use: it is reserved, no service listens on it, so traffic to or "
             "from it is malformed or a probe",
             "ポート %u/%s が使われています。0 番は予約済みでどのサービスも待ち受けないため、"
             "形式の誤ったパケットか、スキャンなどの探査と考えられます"},
        [PORTCLASS_NOTE_DYNAMIC_SERVER] =
            {"The server uses dynamic port %u/%s, a range clients normally pick their ports from",
             "サーバがダイナミックポート %u/%s を使っています。この範囲は通常、クライアントが"
             "自分のポートを選ぶ範囲です"},
        [PORTCLASS_NOTE_WELL_KNOWN_CLIENT] =
            {"The client uses well-known port %u/%s as its source port",
             "クライアントがウェルノウンポート %u/%s を送信元ポートとして使っています"},
    };

    write_message(buffer, size, formats[note][known(language)], (guint)port,
                  portclass_transport_filter_name(transport));
}

static const char blanks[] = " \t\r";

/* What a locale or language name says by its language part, the letters
 * before any territory, codeset or modifier ("ja" of "ja_JP.UTF-8@x"):
 * PORTCLASS_N_LANGUAGES when it is neither Japanese nor English. */
static portclass_language_t language_of(const char *name, gsize length)
{
    gsize letters = 0;

    while (letters < length && g_ascii_isalpha(name[letters]))
        letters++;
    if (letters < length && !strchr("_-.@", name[letters]))
        return PORTCLASS_N_LANGUAGES;
    if (letters == 2 && g_ascii_strncasecmp(name, "ja", 2) == 0)
        return PORTCLASS_LANG_JA;
    if ((letters == 2 && g_ascii_strncasecmp(name, "en", 2) == 0) ||
        (letters == 1 && g_ascii_strncasecmp(name, "C", 1) == 0) ||
        (letters == 5 && g_ascii_strncasecmp(name, "POSIX", 5) == 0))
        return PORTCLASS_LANG_EN;
    return PORTCLASS_N_LANGUAGES;
}

/* The value of the last "language:" line of a language file, length bytes
 * without the blanks around it; NULL when no line sets it. */
static const char *language_file_value(const char *text, gsize *length)
{
    static const char key[] = "language";
    const char *value = NULL;

    for (const char *line = text; *line;) {
        gsize line_length = strcspn(line, "\n");
        /* Wireshark's preference files: the key starts the line. */
        if (g_str_has_prefix(line, key)) {
            const char *p = line + strlen(key);
            p += strspn(p, blanks);
            if (*p == ':') {
                p += 1 + strspn(p + 1, blanks);
                const char *end = line + line_length;
                while (end > p && strchr(blanks, end[-1]))
                    end--;
                value = p;
                *length = (gsize)(end - p);
            }
        }
        line += line_length + (line[line_length] == '\n');
    }
    return value;
}

/* Whether a language file's value leaves the choice to the system, as
 * Wireshark reads it (ui/language.c): "system", and for old files "auto",
 * "(null)" or nothing. */
static gboolean means_system(const char *value, gsize length)
{
    static const char *const system_values[] = {"", "system", "auto", "(null)"};

    for (gsize i = 0; i < G_N_ELEMENTS(system_values); i++) {
        if (length == strlen(system_values[i]) && strncmp(value, system_values[i], length) == 0)
            return TRUE;
    }
    return FALSE;
}

portclass_language_t portclass_language_followed(const char *language_file,
                                                 const char *const *locale_names)
{
    gsize length = 0;
    const char *value = language_file ? language_file_value(language_file, &length) : NULL;

    /* Any language but Japanese is English, not the system's. */
    if (value && !means_system(value, length))
        return language_of(value, length) == PORTCLASS_LANG_JA ? PORTCLASS_LANG_JA
                                                               : PORTCLASS_LANG_EN;
    for (gsize i = 0; locale_names && locale_names[i]; i++) {
        portclass_language_t language = language_of(locale_names[i], strlen(locale_names[i]));
        if (language != PORTCLASS_N_LANGUAGES)
            return language;
    }
    return PORTCLASS_LANG_EN;
}
