/* text.h - everything portclass says in words, in English and Japanese:
 * tree labels, the summary line, item names and expert messages. Filter
 * values stay the same in every language. Texts are written into a
 * caller's buffer; labels, made for every packet of a shown tree, without
 * allocating. Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_TEXT_H
#define PORTCLASS_TEXT_H

#include <glib.h>

#include "portclass/class.h"
#include "portclass/conversation.h"
#include "portclass/registry.h"

G_BEGIN_DECLS

/* A text being written into a fixed buffer; too long a text is cut between
 * two characters, and the buffer always holds a terminated string. */
typedef struct {
    char *buffer;
    gsize size; /* of buffer, at least 1 */
    gsize length;
} portclass_text_t;

/* Starts an empty text in buffer (size bytes). */
void portclass_text_init(portclass_text_t *text, char *buffer, gsize size);
/* Adds a piece; NULL adds nothing. */
void portclass_text_add(portclass_text_t *text, const char *piece);

/* What the words about one port of a header need. */
typedef struct {
    guint16 port;
    portclass_class_t cls;
    const portclass_service_t *service;
    /* The PORTCLASS_EPHEMERAL_* ranges holding the port when it is the
     * client's and in one (then any IANA name it has is only the number's,
     * not the conversation's service); 0 otherwise. */
    guint client_ephemeral;
} portclass_port_words_t;

/* A port's line, after its item name: "443, well-known (0-1023): HTTPS,
 * encrypted web browsing (HTTP over TLS) (IANA: https, "http protocol over
 * TLS/SSL")", or "...: the client's ephemeral port (...)". */
void portclass_text_port_line(portclass_text_t *text, const portclass_port_words_t *port,
                              portclass_language_t language);

/* The top line of a header's subtree: "Port Classification: 50100 (dynamic)
 * -> 443 (well-known, HTTPS)", and " [quoted in an ICMP error]" when quoted.
 * A side is NULL when its port was not captured. */
void portclass_text_summary(portclass_text_t *text, const portclass_port_words_t *source,
                            const portclass_port_words_t *destination, gboolean quoted,
                            portclass_language_t language);

/* A class in one word, as the summary line and the statistics say it:
 * the filter value in English ("well-known"), "ウェルノウン" in Japanese.
 * Static string. */
const char *portclass_text_class_word(portclass_class_t cls, portclass_language_t language);

/* The items of the subtree under the summary line, whose names change
 * with the language. */
typedef enum {
    PORTCLASS_ITEM_TRANSPORT,
    PORTCLASS_ITEM_SOURCE_PORT,
    PORTCLASS_ITEM_DESTINATION_PORT,
    PORTCLASS_ITEM_QUOTED,
    PORTCLASS_ITEM_DIRECTION,
    PORTCLASS_ITEM_ROLE_EVIDENCE,
    PORTCLASS_ITEM_SERVER_CLEARTEXT,
    PORTCLASS_ITEM_PORT_STATE,
    PORTCLASS_ITEM_PAYLOAD,
    PORTCLASS_ITEM_NONSTANDARD,
    PORTCLASS_N_ITEMS
} portclass_item_t;

/* An item's name in a language other than English ("通信の向き"); NULL in
 * English, where the field's registered name is the item's name. */
const char *portclass_text_item_name(portclass_item_t item, portclass_language_t language);

/* A filter value of the direction, evidence or port state items in words
 * ("client-to-server" -> "クライアントからサーバへ"); NULL in English, where
 * the value is its own word, and for any other value. */
const char *portclass_text_value_word(const char *value, portclass_language_t language);

/* Expert messages, written into buffer (size bytes, at least 1), cut as a
 * text is. */

/* The port state: "Port 23/tcp (Telnet) on 192.0.2.1 is closed",
 * "192.0.2.1 のポート 23/tcp (Telnet) は閉じています (closed)". service and
 * host may be NULL. */
void portclass_text_port_state(char *buffer, gsize size, guint16 port,
                               portclass_transport_t transport, const char *service,
                               const char *host, portclass_port_state_t state,
                               portclass_language_t language);

/* "SSH on port 2222/tcp (IANA: EtherNet-IP-1)": protocol (its common name)
 * on a port not its own; iana_name may be NULL. */
void portclass_text_nonstandard(char *buffer, gsize size, const char *protocol, guint16 port,
                                portclass_transport_t transport, const char *iana_name,
                                portclass_language_t language);

/* The notes on a conversation's unusual ports: "Port 0/udp in use: it is
 * reserved, ...", "The server uses dynamic port 50102/tcp, a range ...",
 * "The client uses well-known port 20/tcp as its source port". */
typedef enum {
    PORTCLASS_NOTE_PORT_ZERO,
    PORTCLASS_NOTE_DYNAMIC_SERVER,
    PORTCLASS_NOTE_WELL_KNOWN_CLIENT,
} portclass_port_note_t;

void portclass_text_port_note(char *buffer, gsize size, portclass_port_note_t note, guint16 port,
                              portclass_transport_t transport, portclass_language_t language);

/* The language portclass speaks when portclass.language is "auto".
 * language_file is the text of Wireshark's "language" file in the personal
 * configuration folder ("language: ja_JP"), or NULL. Its last "language"
 * line decides: Japanese for "ja", English for any other language, unless
 * it leaves the choice to the system. Then the first of locale_names (as
 * g_get_language_names() gives them; may be NULL) that is Japanese or
 * English decides, as gettext would; English when none is. */
portclass_language_t portclass_language_followed(const char *language_file,
                                                 const char *const *locale_names);

G_END_DECLS

#endif /* PORTCLASS_TEXT_H */
