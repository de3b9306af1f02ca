/* registry.h - service tables indexed by (transport, port): the user's
 * custom table over a curated one (friendly names, English and Japanese
 * text, security notes) over the IANA one. A lookup is O(1) and allocates
 * nothing. Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_REGISTRY_H
#define PORTCLASS_REGISTRY_H

#include <glib.h>

#include "portclass/class.h"

G_BEGIN_DECLS

typedef enum { PORTCLASS_TCP, PORTCLASS_UDP, PORTCLASS_N_TRANSPORTS } portclass_transport_t;

/* Bit masks of transports, as a data row names them ("tcp", "udp", "both"). */
#define PORTCLASS_MASK_TCP  (1u << PORTCLASS_TCP)
#define PORTCLASS_MASK_UDP  (1u << PORTCLASS_UDP)
#define PORTCLASS_MASK_BOTH (PORTCLASS_MASK_TCP | PORTCLASS_MASK_UDP)

#define PORTCLASS_FLAG_CLEARTEXT (1u << 0) /* normally carries logins or data unencrypted */
#define PORTCLASS_FLAG_LOGIN     (1u << 1) /* usernames and passwords are part of its flow */

/* "TCP" or "UDP"; "tcp" or "udp", as display filters and port notations
 * ("23/tcp") write it. Static strings. */
const char *portclass_transport_name(portclass_transport_t transport);
const char *portclass_transport_filter_name(portclass_transport_t transport);

/* The two sides of a TCP or UDP header. */
typedef enum { PORTCLASS_SOURCE, PORTCLASS_DESTINATION, PORTCLASS_N_SIDES } portclass_side_t;

static inline portclass_side_t portclass_other_side(portclass_side_t side)
{
    return side == PORTCLASS_SOURCE ? PORTCLASS_DESTINATION : PORTCLASS_SOURCE;
}

/* One service assignment. Every string is owned by the table that holds the
 * entry and lives as long as it; any may be NULL except name. */
typedef struct {
    const char *name;           /* friendly name (curated) or IANA service name */
    const char *description;    /* English plain-language or IANA description */
    const char *description_ja; /* Japanese description (curated only) */
    const char *note;           /* English security note (curated only) */
    const char *note_ja;        /* Japanese security note (curated only) */
    guint flags;                /* PORTCLASS_FLAG_* */
} portclass_entry_t;

typedef struct portclass_table portclass_table_t;

/* An empty table; portclass_table_free() frees it and every string of its
 * entries (NULL is accepted). */
portclass_table_t *portclass_table_new(void);
void portclass_table_free(portclass_table_t *table);

/* Assigns an entry to ports low..high (inclusive) of every transport in
 * transport_mask. The strings are copied. A port that already has an entry
 * keeps it: the first assignment read is the primary one. Returns the number
 * of (transport, port) slots newly assigned; 0 when all were taken, when
 * low > high, or when the table is full (65535 entries). */
guint portclass_table_add(portclass_table_t *table, guint transport_mask, guint16 low, guint16 high,
                          const portclass_entry_t *entry);

/* One row of service data: an entry and the ports it assigns. */
typedef struct {
    guint transport_mask;
    guint16 low, high;
    portclass_entry_t entry;
} portclass_row_t;

/* A new table holding n_rows rows, added in order by portclass_table_add(). */
portclass_table_t *portclass_table_new_from_rows(const portclass_row_t *rows, gsize n_rows);

/* Returns the entry of a port, or NULL when it has none. O(1). The pointer
 * stays valid until the next portclass_table_add() or portclass_table_free(). */
const portclass_entry_t *portclass_table_lookup(const portclass_table_t *table,
                                                portclass_transport_t transport, guint16 port);

/* The service behind one port: the user's custom entry, if any, over the
 * curated one, over the IANA one. */
typedef struct {
    const portclass_entry_t *custom;  /* NULL when the user assigns nothing */
    const portclass_entry_t *curated; /* NULL when we curate nothing for it */
    const portclass_entry_t *iana;    /* NULL when IANA assigns nothing */
} portclass_service_t;

/* Looks a port up in all three layers. Any table may be NULL. */
portclass_service_t portclass_service_lookup_layers(const portclass_table_t *custom,
                                                    const portclass_table_t *curated,
                                                    const portclass_table_t *iana,
                                                    portclass_transport_t transport, guint16 port);

/* The friendly name: custom, else curated, else IANA; NULL when the port has
 * no assignment. */
const char *portclass_service_name(const portclass_service_t *service);

/* The description in a language: the custom entry's (even when it has
 * none), else the curated one, else IANA's. Japanese: the entry's Japanese
 * text, else its English text (IANA has English only). May be NULL. */
const char *portclass_service_description_in(const portclass_service_t *service,
                                             portclass_language_t language);

/* The security note of a service that carries logins or data unencrypted,
 * in a language; NULL when there is none (custom entries have none). */
const char *portclass_service_cleartext_note(const portclass_service_t *service,
                                             portclass_language_t language);

/* The curated PORTCLASS_FLAG_* of a service; 0 for custom entries and
 * services with no curated entry. */
guint portclass_service_flags(const portclass_service_t *service);

/* The IANA service name (e.g. "domain" for 53); NULL when IANA has none. */
const char *portclass_service_iana_name(const portclass_service_t *service);

G_END_DECLS

#endif /* PORTCLASS_REGISTRY_H */
