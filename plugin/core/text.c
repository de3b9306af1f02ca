/* text.c - everything portclass says in words. Epan-free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/text.h"

#include <string.h>

#include "portclass/roles.h"

/* Every phrase, in both languages. A phrase is a piece that texts are made
 * of; numbers, names and addresses go between the pieces. */
typedef enum {
    PHRASE_EPHEMERAL_IANA,
    PHRASE_EPHEMERAL_LINUX,
    PHRASE_EPHEMERAL_BOTH,
    PHRASE_IANA_ASSIGNS,
    PHRASE_IANA_ASSIGNS_END,
    PHRASE_SUMMARY,
    PHRASE_SOURCE_NOT_CAPTURED,
    PHRASE_DESTINATION_NOT_CAPTURED,
    PHRASE_QUOTED,
    PHRASE_PORT_STATE_START,
    PHRASE_PORT_STATE_HOST,
    PHRASE_PORT_STATE_PORT,
    PHRASE_PORT_STATE_IS,
    PHRASE_PORT_OPEN,
    PHRASE_PORT_CLOSED,
    PHRASE_NONSTANDARD_ON,
    PHRASE_NONSTANDARD_END,
    PHRASE_NO_IANA,
    PHRASE_PORT_ZERO_START,
    PHRASE_PORT_ZERO_END,
    PHRASE_DYNAMIC_SERVER_START,
    PHRASE_DYNAMIC_SERVER_END,
    PHRASE_WELL_KNOWN_CLIENT_START,
    PHRASE_WELL_KNOWN_CLIENT_END,
    N_PHRASES
} phrase_t;

static const char *const phrases[N_PHRASES][PORTCLASS_N_LANGUAGES] = {
    [PHRASE_EPHEMERAL_IANA] =
        {"the client's ephemeral port (IANA, Windows and macOS default range 49152-65535)",
         "クライアントの一時ポート (IANA、Windows、macOS の既定範囲 49152-65535)"},
    [PHRASE_EPHEMERAL_LINUX] = {"the client's ephemeral port (Linux default range 32768-60999)",
                                "クライアントの一時ポート (Linux の既定範囲 32768-60999)"},
    [PHRASE_EPHEMERAL_BOTH] = {"the client's ephemeral port (IANA and Linux default ranges)",
                               "クライアントの一時ポート (IANA と Linux の既定範囲)"},
    [PHRASE_IANA_ASSIGNS] = {"; IANA assigns the number to ", "。IANA ではこの番号は "},
    [PHRASE_IANA_ASSIGNS_END] = {"", " に割り当て"},
    [PHRASE_SUMMARY] = {"Port Classification: ", "ポート分類: "},
    [PHRASE_SOURCE_NOT_CAPTURED] = {"[source port not captured]", "[送信元ポートは未キャプチャ]"},
    [PHRASE_DESTINATION_NOT_CAPTURED] = {"[destination port not captured]",
                                         "[宛先ポートは未キャプチャ]"},
    [PHRASE_QUOTED] = {" [quoted in an ICMP error]", " [ICMP エラー内の引用]"},
    [PHRASE_PORT_STATE_START] = {"Port ", ""},
    [PHRASE_PORT_STATE_HOST] = {" on ", " "},
    [PHRASE_PORT_STATE_PORT] = {"", "のポート "},
    [PHRASE_PORT_STATE_IS] = {" is ", " は"},
    [PHRASE_PORT_OPEN] = {"open", "開いています (open)"},
    [PHRASE_PORT_CLOSED] = {"closed", "閉じています (closed)"},
    [PHRASE_NONSTANDARD_ON] = {" on port ", " が標準外のポート "},
    [PHRASE_NONSTANDARD_END] = {" (", " で使われています ("},
    [PHRASE_NO_IANA] = {"no IANA assignment", "IANA の割り当てなし"},
    [PHRASE_PORT_ZERO_START] = {"Port ", "ポート "},
    [PHRASE_PORT_ZERO_END] =
        {" in use: it is reserved, no service listens on it, so traffic to or from it is "
         "malformed or a probe",
         " が使われています。0 番は予約済みでどのサービスも待ち受けないため、不正なパケットか"
         "調査目的の通信です"},
    [PHRASE_DYNAMIC_SERVER_START] = {"The server uses dynamic port ", "サーバーが動的ポート "},
    [PHRASE_DYNAMIC_SERVER_END] =
        {", a range clients normally pick their ports from",
         " を使っています。この範囲は通常クライアントが自分のポートに使います"},
    [PHRASE_WELL_KNOWN_CLIENT_START] = {"The client uses well-known port ",
                                        "クライアントがウェルノウンポート "},
    [PHRASE_WELL_KNOWN_CLIENT_END] = {" as its source port", " を送信元ポートに使っています"},
};

/* Item names other than English; English items keep the field's name. */
static const char *const item_names_ja[PORTCLASS_N_ITEMS] = {
    [PORTCLASS_ITEM_TRANSPORT] = "トランスポート",
    [PORTCLASS_ITEM_SOURCE_PORT] = "送信元ポート",
    [PORTCLASS_ITEM_DESTINATION_PORT] = "宛先ポート",
    [PORTCLASS_ITEM_DIRECTION] = "通信の向き",
    [PORTCLASS_ITEM_ROLE_EVIDENCE] = "サーバーを判断した根拠",
    [PORTCLASS_ITEM_PORT_STATE] = "ポートの状態",
    [PORTCLASS_ITEM_PAYLOAD] = "アプリケーションプロトコル",
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

    portclass_text_add(text, ": ");
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
        portclass_text_add(text, ": ");
        portclass_text_add(text, name);
    }
    if (description) {
        portclass_text_add(text, ", ");
        portclass_text_add(text, description);
    }
    /* IANA's own words, when ours came first. */
    if ((service->custom || service->curated) && iana_name) {
        portclass_text_add(text, " (IANA: ");
        portclass_text_add(text, iana_name);
        if (service->iana->description) {
            portclass_text_add(text, ", \"");
            portclass_text_add(text, service->iana->description);
            portclass_text_add(text, "\"");
        }
        portclass_text_add(text, ")");
    }
}

void portclass_text_port_line(portclass_text_t *text, const portclass_port_words_t *port,
                              portclass_language_t language)
{
    portclass_text_add_uint(text, port->port);
    portclass_text_add(text, ", ");
    portclass_text_add(text, portclass_class_label_in(port->cls, language));
    if (port->client_ephemeral)
        add_ephemeral_client(text, port, language);
    else
        add_service(text, port->service, language);
}

/* "52144 (dynamic)" or "443 (well-known, HTTPS)". */
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
    portclass_text_add(text, portclass_class_name(port->cls));
    if (name) {
        portclass_text_add(text, ", ");
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

/* ---- Expert messages -------------------------------------------------------- */

void portclass_text_port_state(portclass_text_t *text, guint16 port,
                               portclass_transport_t transport, const char *service,
                               const char *host, portclass_port_state_t state,
                               portclass_language_t language)
{
    gboolean japanese = language == PORTCLASS_LANG_JA;

    add_phrase(text, PHRASE_PORT_STATE_START, language);
    /* Japanese names the host first: "192.0.2.1 のポート 23/tcp ...". */
    if (japanese && host) {
        portclass_text_add(text, host);
        add_phrase(text, PHRASE_PORT_STATE_HOST, language);
    }
    add_phrase(text, PHRASE_PORT_STATE_PORT, language);
    add_port_notation(text, port, transport);
    if (service) {
        portclass_text_add(text, " (");
        portclass_text_add(text, service);
        portclass_text_add(text, ")");
    }
    if (!japanese && host) {
        add_phrase(text, PHRASE_PORT_STATE_HOST, language);
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
        portclass_text_add(text, "IANA: ");
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
