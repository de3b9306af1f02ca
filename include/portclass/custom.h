/* custom.h - the user's own service assignments (the portclass_services
 * UAT): checking a row of five texts (transport, ports, service name,
 * English and Japanese descriptions) and putting it into a table.
 * Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CUSTOM_H
#define PORTCLASS_CUSTOM_H

#include <glib.h>

#include "portclass/registry.h"

G_BEGIN_DECLS

/* Parses "tcp", "udp" or "both" into a PORTCLASS_MASK_* value; FALSE when
 * the text is none of them. */
gboolean portclass_parse_transport(const char *text, guint *mask);

/* Parses "443" or "6000-6063" (inclusive, 0-65535, low <= high). Returns NULL
 * on success, else a static message saying what is wrong. */
const char *portclass_parse_port_range(const char *text, guint16 *low, guint16 *high);

/* One row as the user typed it. Any member may be NULL (taken as empty). */
typedef struct {
    const char *transport;
    const char *ports;
    const char *name;
    const char *description;
    const char *description_ja;
} portclass_custom_row_t;

/* The columns of a row, to name the one that is wrong. */
typedef enum {
    PORTCLASS_CUSTOM_TRANSPORT,
    PORTCLASS_CUSTOM_PORTS,
    PORTCLASS_CUSTOM_NAME,
    PORTCLASS_CUSTOM_DESCRIPTION,
    PORTCLASS_CUSTOM_DESCRIPTION_JA,
    PORTCLASS_CUSTOM_N_COLUMNS
} portclass_custom_column_t;

/* Checks one column's text (len bytes, need not be NUL-terminated).
 * Returns NULL when it is good, else a new message naming the column and,
 * for transport and ports, the value: "ports \"70000\": port out of range
 * (0-65535)". The caller frees it with g_free(). */
char *portclass_custom_column_problem(portclass_custom_column_t column, const char *text,
                                      gsize len);

/* Checks a whole row: the message of its first bad column, or NULL. */
char *portclass_custom_row_problem(const portclass_custom_row_t *row);

/* Checks a row and, when it is good, assigns its ports in table (ports that
 * an earlier row took keep that row's entry). Returns NULL on success, else
 * the message of portclass_custom_row_problem(). */
char *portclass_custom_row_add(portclass_table_t *table, const portclass_custom_row_t *row);

G_END_DECLS

#endif /* PORTCLASS_CUSTOM_H */
