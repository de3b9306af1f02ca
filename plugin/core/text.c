/* text.c - everything portclass says in words. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/text.h"

#include <string.h>

#include "portclass/roles.h"

/* Every phrase, in both languages. A phrase is a piece that texts are made
 * of; numbers, names and addresses go between the pieces. A phrase may be
 * empty in one language: the two languages put some pieces in a different
 * order (the host of a port state comes first in Japanese, last in English). */
typedef enum {
    PHRASE_AFTER_PORT,
    PHRASE_AFTER_CLASS,
    PHRASE_SERVICE_DESCRIPTION,
    PHRASE_IANA_START,
    PHRASE_IANA_DESCRIPTION_START,
    PHRASE_IANA_DESCRIPTION_END,
    PHRASE_IANA_END,
    PHRASE_EPHEMERAL_IANA,
    PHRASE_EPHEMERAL_LINUX,
    PHRASE_EPHEMERAL_BOTH,
    PHRASE_IANA_ASSIGNS,
    PHRASE_IANA_ASSIGNS_END,
    PHRASE_SUMMARY,
    PHRASE_SUMMARY_SERVICE,
    PHRASE_SOURCE_NOT_CAPTURED,
    PHRASE_DESTINATION_NOT_CAPTURED,
    PHRASE_QUOTED,
    PHRASE_PORT_STATE_HOST_BEFORE,
    PHRASE_PORT_STATE_PORT,
    PHRASE_PORT_STATE_HOST_AFTER,
    PHRASE_PORT_STATE_IS,
    PHRASE_PORT_OPEN,
    PHRASE_PORT_CLOSED,
    PHRASE_NONSTANDARD_ON,
    PHRASE_NONSTANDARD_END,
    PHRASE_NONSTANDARD_IANA,
    PHRASE_NO_IANA,
    PHRASE_PORT_ZERO_START,
    PHRASE_PORT_ZERO_END,
    PHRASE_DYNAMIC_SERVER_START,
    PHRASE_DYNAMIC_SERVER_END,
    PHRASE_WELL_KNOWN_CLIENT_START,
    PHRASE_WELL_KNOWN_CLIENT_END,
    N_PHRASES
} phrase_t;

/* The Japanese follows the seed article's terms (ウェルノウンポート, 登録ポート,
 * ダイナミック/プライベートポート, エフェメラルポート), writes サーバ, ユーザ
 * and ヘッダ without the long vowel mark, separates with 、 and speaks to the
 * reader in the polite form (です/ます) in expert messages. */
static const char *const phrases[N_PHRASES][PORTCLASS_N_LANGUAGES] = {
    [PHRASE_AFTER_PORT] = {", ", "、"},
    [PHRASE_AFTER_CLASS] = {": ", "、"},
    [PHRASE_SERVICE_DESCRIPTION] = {", ", ": "},
    [PHRASE_IANA_START] = {" (IANA: ", " (IANA: "},
    [PHRASE_IANA_DESCRIPTION_START] = {", \"", "「"},
    [PHRASE_IANA_DESCRIPTION_END] = {"\"", "」"},
    [PHRASE_IANA_END] = {")", ")"},
    [PHRASE_EPHEMERAL_IANA] =
        {"the client's ephemeral port (IANA, Windows and macOS default range 49152-65535)",
         "クライアントのエフェメラルポート (IANA の推奨範囲、Windows と macOS の既定範囲: "
         "49152-65535)"},
    [PHRASE_EPHEMERAL_LINUX] = {"the client's ephemeral port (Linux default range 32768-60999)",
                                "クライアントのエフェメラルポート (Linux の既定範囲: 32768-60999)"},
    [PHRASE_EPHEMERAL_BOTH] = {"the client's ephemeral port (IANA and Linux default ranges)",
                               "クライアントのエフェメラルポート (IANA の推奨範囲と Linux "
                               "の既定範囲のどちらにも含まれる)"},
    [PHRASE_IANA_ASSIGNS] = {"; IANA assigns the number to ", "。IANA ではこの番号は "},
    [PHRASE_IANA_ASSIGNS_END] = {"", " に割り当てられています"},
    [PHRASE_SUMMARY] = {"Port Classification: ", "ポート分類: "},
    [PHRASE_SUMMARY_SERVICE] = {", ", "、"},
    [PHRASE_SOURCE_NOT_CAPTURED] = {"[source port not captured]",
                                    "[送信元ポートはキャプチャされていません]"},
    [PHRASE_DESTINATION_NOT_CAPTURED] = {"[destination port not captured]",
                                         "[宛先ポートはキャプチャされていません]"},
    [PHRASE_QUOTED] = {" [quoted in an ICMP error]", " [ICMP エラーに引用されたヘッダ]"},
    [PHRASE_PORT_STATE_HOST_BEFORE] = {"", " の"},
    [PHRASE_PORT_STATE_PORT] = {"Port ", "ポート "},
    [PHRASE_PORT_STATE_HOST_AFTER] = {" on ", ""},
    [PHRASE_PORT_STATE_IS] = {" is ", " は"},
    [PHRASE_PORT_OPEN] = {"open", "開いています (open)"},
    [PHRASE_PORT_CLOSED] = {"closed", "閉じています (closed)"},
    [PHRASE_NONSTANDARD_ON] = {" on port ", " が本来のポートではない "},
    [PHRASE_NONSTANDARD_END] = {" (", " で使われています ("},
    [PHRASE_NONSTANDARD_IANA] = {"IANA: ", "IANA での割り当て: "},
    [PHRASE_NO_IANA] = {"no IANA assignment", "IANA の割り当てなし"},
    [PHRASE_PORT_ZERO_START] = {"Port ", "ポート "},
    [PHRASE_PORT_ZERO_END] =
        {" in use: it is reserved, no service listens on it, so traffic to or from it is "
         "malformed or a probe",
         " が使われています。0 番は予約済みでどのサービスも待ち受けないため、形式の誤った"
         "パケットか、スキャンなどの探査と考えられます"},
    [PHRASE_DYNAMIC_SERVER_START] = {"The server uses dynamic port ",
                                     "サーバがダイナミックポート "},
    [PHRASE_DYNAMIC_SERVER_END] =
        {", a range clients normally pick their ports from",
         " を使っています。この範囲は通常、クライアントが自分のポートを選ぶ範囲です"},
    [PHRASE_WELL_KNOWN_CLIENT_START] = {"The client uses well-known port ",
                                        "クライアントがウェルノウンポート "},
    [PHRASE_WELL_KNOWN_CLIENT_END] = {" as its source port", " を送信元ポートとして使っています"},
};

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

static const char *phrase(phrase_t id, portclass_language_t language)
{
    return phrases[id][language < PORTCLASS_N_LANGUAGES ? language : PORTCLASS_LANG_EN];
}

/* ---- Writing -------------------------------------------------------------- */

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

void portclass_text_add_uint(portclass_text_t *text, guint value)
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

static void add_phrase(portclass_text_t *text, phrase_t id, portclass_language_t language)
{
    portclass_text_add(text, phrase(id, language));
}

/* "23/tcp". */
static void add_port_notation(portclass_text_t *text, guint16 port, portclass_transport_t transport)
{
    portclass_text_add_uint(text, port);
    portclass_text_add(text, "/");
    portclass_text_add(text, portclass_transport_filter_name(transport));
}

/* ---- Ports and the summary -------------------------------------------------- */

static phrase_t ephemeral_phrase(guint ranges)
{
    switch (ranges) {
    case PORTCLASS_EPHEMERAL_IANA:
        return PHRASE_EPHEMERAL_IANA;
    case PORTCLASS_EPHEMERAL_LINUX:
        return PHRASE_EPHEMERAL_LINUX;
    default:
        return PHRASE_EPHEMERAL_BOTH;
    }
}

/* ": the client's ephemeral port (...); IANA assigns the number to x". */
static void add_ephemeral_client(portclass_text_t *text, const portclass_port_words_t *port,
                                 portclass_language_t language)
{
    const char *iana_name = portclass_service_iana_name(port->service);

    add_phrase(text, PHRASE_AFTER_CLASS, language);
    add_phrase(text, ephemeral_phrase(port->client_ephemeral), language);
    if (iana_name) {
        add_phrase(text, PHRASE_IANA_ASSIGNS, language);
        portclass_text_add(text, iana_name);
        add_phrase(text, PHRASE_IANA_ASSIGNS_END, language);
    }
}

/* ": HTTPS, encrypted web browsing (HTTP over TLS) (IANA: https, "...")". */
static void add_service(portclass_text_t *text, const portclass_service_t *service,
                        portclass_language_t language)
{
    const char *name = portclass_service_name(service);
    const char *description = portclass_service_description_in(service, language);
    const char *iana_name = portclass_service_iana_name(service);

    if (name) {
        add_phrase(text, PHRASE_AFTER_CLASS, language);
        portclass_text_add(text, name);
    }
    if (description) {
        add_phrase(text, PHRASE_SERVICE_DESCRIPTION, language);
        portclass_text_add(text, description);
    }
    /* IANA's own words, when ours came first. */
    if ((service->custom || service->curated) && iana_name) {
        add_phrase(text, PHRASE_IANA_START, language);
        portclass_text_add(text, iana_name);
        if (service->iana->description) {
            add_phrase(text, PHRASE_IANA_DESCRIPTION_START, language);
            portclass_text_add(text, service->iana->description);
            add_phrase(text, PHRASE_IANA_DESCRIPTION_END, language);
        }
        add_phrase(text, PHRASE_IANA_END, language);
    }
}

void portclass_text_port_line(portclass_text_t *text, const portclass_port_words_t *port,
                              portclass_language_t language)
{
    portclass_text_add_uint(text, port->port);
    add_phrase(text, PHRASE_AFTER_PORT, language);
    portclass_text_add(text, portclass_class_label_in(port->cls, language));
    if (port->client_ephemeral)
        add_ephemeral_client(text, port, language);
    else
        add_service(text, port->service, language);
}

/* "52144 (dynamic)" or "443 (well-known, HTTPS)"; the class in the
 * language's word, "443 (ウェルノウン、HTTPS)". */
static void add_summary_side(portclass_text_t *text, const portclass_port_words_t *port,
                             portclass_side_t side, portclass_language_t language)
{
    if (!port) {
        add_phrase(text,
                   side == PORTCLASS_SOURCE ? PHRASE_SOURCE_NOT_CAPTURED
                                            : PHRASE_DESTINATION_NOT_CAPTURED,
                   language);
        return;
    }
    const char *name = port->client_ephemeral ? NULL : portclass_service_name(port->service);
    portclass_text_add_uint(text, port->port);
    portclass_text_add(text, " (");
    portclass_text_add(text, portclass_class_word_in(port->cls, language));
    if (name) {
        add_phrase(text, PHRASE_SUMMARY_SERVICE, language);
        portclass_text_add(text, name);
    }
    portclass_text_add(text, ")");
}

void portclass_text_summary(portclass_text_t *text, const portclass_port_words_t *source,
                            const portclass_port_words_t *destination, gboolean quoted,
                            portclass_language_t language)
{
    add_phrase(text, PHRASE_SUMMARY, language);
    add_summary_side(text, source, PORTCLASS_SOURCE, language);
    portclass_text_add(text, " -> ");
    add_summary_side(text, destination, PORTCLASS_DESTINATION, language);
    if (quoted)
        add_phrase(text, PHRASE_QUOTED, language);
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

/* ---- Expert messages -------------------------------------------------------- */

void portclass_text_port_state(portclass_text_t *text, guint16 port,
                               portclass_transport_t transport, const char *service,
                               const char *host, portclass_port_state_t state,
                               portclass_language_t language)
{
    /* Japanese names the host first, "192.0.2.1 のポート 23/tcp ...",
     * English last, "Port 23/tcp ... on 192.0.2.1": each language has the
     * host phrase of the other side empty. */
    if (host && *phrase(PHRASE_PORT_STATE_HOST_BEFORE, language)) {
        portclass_text_add(text, host);
        add_phrase(text, PHRASE_PORT_STATE_HOST_BEFORE, language);
    }
    add_phrase(text, PHRASE_PORT_STATE_PORT, language);
    add_port_notation(text, port, transport);
    if (service) {
        portclass_text_add(text, " (");
        portclass_text_add(text, service);
        portclass_text_add(text, ")");
    }
    if (host && *phrase(PHRASE_PORT_STATE_HOST_AFTER, language)) {
        add_phrase(text, PHRASE_PORT_STATE_HOST_AFTER, language);
        portclass_text_add(text, host);
    }
    add_phrase(text, PHRASE_PORT_STATE_IS, language);
    add_phrase(text, state == PORTCLASS_PORT_STATE_OPEN ? PHRASE_PORT_OPEN : PHRASE_PORT_CLOSED,
               language);
}

void portclass_text_nonstandard(portclass_text_t *text, const char *protocol, guint16 port,
                                portclass_transport_t transport, const char *iana_name,
                                portclass_language_t language)
{
    portclass_text_add(text, protocol);
    add_phrase(text, PHRASE_NONSTANDARD_ON, language);
    add_port_notation(text, port, transport);
    add_phrase(text, PHRASE_NONSTANDARD_END, language);
    if (iana_name) {
        add_phrase(text, PHRASE_NONSTANDARD_IANA, language);
        portclass_text_add(text, iana_name);
    } else {
        add_phrase(text, PHRASE_NO_IANA, language);
    }
    portclass_text_add(text, ")");
}

void portclass_text_port_note(portclass_text_t *text, portclass_port_note_t note, guint16 port,
                              portclass_transport_t transport, portclass_language_t language)
{
    static const phrase_t around[][2] = {
        [PORTCLASS_NOTE_PORT_ZERO] = {PHRASE_PORT_ZERO_START, PHRASE_PORT_ZERO_END},
        [PORTCLASS_NOTE_DYNAMIC_SERVER] = {PHRASE_DYNAMIC_SERVER_START, PHRASE_DYNAMIC_SERVER_END},
        [PORTCLASS_NOTE_WELL_KNOWN_CLIENT] = {PHRASE_WELL_KNOWN_CLIENT_START,
                                              PHRASE_WELL_KNOWN_CLIENT_END},
    };

    add_phrase(text, around[note][0], language);
    add_port_notation(text, port, transport);
    add_phrase(text, around[note][1], language);
}

/* ---- The language that follows the user ------------------------------------ */

typedef enum { TAG_OTHER, TAG_ENGLISH, TAG_JAPANESE } language_tag_t;

/* What a locale or language name says, by its language part: the letters
 * before any territory, codeset or modifier ("ja" of "ja_JP.UTF-8@x"). */
static language_tag_t language_tag(const char *name, gsize length)
{
    gsize letters = 0;

    while (letters < length && g_ascii_isalpha(name[letters]))
        letters++;
    if (letters < length && !strchr("_-.@", name[letters]))
        return TAG_OTHER;
    if (letters == 2 && g_ascii_strncasecmp(name, "ja", 2) == 0)
        return TAG_JAPANESE;
    if (letters == 2 && g_ascii_strncasecmp(name, "en", 2) == 0)
        return TAG_ENGLISH;
    if ((letters == 1 && g_ascii_strncasecmp(name, "C", 1) == 0) ||
        (letters == 5 && g_ascii_strncasecmp(name, "POSIX", 5) == 0))
        return TAG_ENGLISH;
    return TAG_OTHER;
}

static gboolean is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The value of the last "language:" line of a language file, as a span of
 * text (start, length); FALSE when no line sets it. */
static gboolean language_file_value(const char *text, const char **value, gsize *length)
{
    static const char key[] = "language";
    gboolean found = FALSE;

    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        /* Wireshark's preference files: the key starts the line. */
        if (strncmp(line, key, sizeof key - 1) == 0) {
            const char *p = line + sizeof key - 1;
            while (p < end && is_blank(*p))
                p++;
            if (p < end && *p == ':') {
                p++;
                while (p < end && is_blank(*p))
                    p++;
                const char *last = end;
                while (last > p && is_blank(last[-1]))
                    last--;
                *value = p;
                *length = (gsize)(last - p);
                found = TRUE;
            }
        }
        line = *end ? end + 1 : end;
    }
    return found;
}

/* Whether a language file's value leaves the choice to the system, as
 * Wireshark reads it (ui/language.c): "system", and for old files "auto",
 * "(null)" or nothing. */
static gboolean means_system(const char *value, gsize length)
{
    static const char *const system_values[] = {"system", "auto", "(null)"};

    if (length == 0)
        return TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(system_values); i++) {
        if (length == strlen(system_values[i]) && strncmp(value, system_values[i], length) == 0)
            return TRUE;
    }
    return FALSE;
}

portclass_language_t portclass_language_followed(const char *language_file,
                                                 const char *const *locale_names)
{
    const char *value = NULL;
    gsize length = 0;

    if (language_file && language_file_value(language_file, &value, &length) &&
        !means_system(value, length))
        return language_tag(value, length) == TAG_JAPANESE ? PORTCLASS_LANG_JA : PORTCLASS_LANG_EN;
    for (gsize i = 0; locale_names && locale_names[i]; i++) {
        switch (language_tag(locale_names[i], strlen(locale_names[i]))) {
        case TAG_JAPANESE:
            return PORTCLASS_LANG_JA;
        case TAG_ENGLISH:
            return PORTCLASS_LANG_EN;
        case TAG_OTHER:
            break;
        }
    }
    return PORTCLASS_LANG_EN;
}
