/* load.h - reading service data into tables.
 *
 * Two kinds of data:
 *  - IANA: Wireshark's copy of the IANA registry, which the build embeds
 *    into the plugin (cmake/ServiceData.cmake), either as the services(5)
 *    file of Wireshark 3.4 to 4.2 and of its source tree, "name
 *    port[-port]/tcp/udp[/...]  # description", or as "tshark -G services"
 *    prints the table compiled into 4.4 and later,
 *    "name<TAB>port<TAB>transport<TAB>description";
 *  - curated: our tab-separated rows, "transport ports service description
 *    description_ja [flags note note_ja]" (see data/services.tsv).
 * Bad lines are skipped and counted; they never stop a load.
 * Epan-free: GLib only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_LOAD_H
#define PORTCLASS_LOAD_H

#include <glib.h>

#include "portclass/registry.h"

G_BEGIN_DECLS

/* What one load did. Zero-initialise before the first use. */
typedef struct {
    guint lines;                /* lines read, comments and blanks included */
    guint entries;              /* lines that assigned at least one port */
    guint malformed;            /* lines skipped as malformed */
    guint first_malformed_line; /* 1-based line number of the first; 0 if none */
    char first_problem[96];     /* what was wrong with it */
} portclass_load_report_t;

/* Parses IANA text of len bytes (need not be NUL-terminated), in either
 * format, line by line, into table. Only tcp and udp assignments are kept;
 * sctp and dccp are understood and ignored. Fills report. */
void portclass_load_iana_text(portclass_table_t *table, const char *text, gsize len,
                              portclass_load_report_t *report);

/* Reads a file of IANA text into table (the plugin: the file that
 * PORTCLASS_SERVICES_FILE names instead of its built-in registry). Returns
 * FALSE and sets error when the file cannot be read; a readable file always
 * returns TRUE (see report). */
gboolean portclass_load_iana_file(portclass_table_t *table, const char *path,
                                  portclass_load_report_t *report, GError **error);

/* Parses curated rows (tab-separated) of len bytes into table. */
void portclass_load_curated_text(portclass_table_t *table, const char *text, gsize len,
                                 portclass_load_report_t *report);

/* Parses "tcp", "udp" or "both" into a PORTCLASS_MASK_* value. Returns NULL on
 * success, else a static message saying what is wrong. */
const char *portclass_parse_transport(const char *text, guint *mask);

/* Parses "443" or "6000-6063" (inclusive, 0-65535, low <= high). Returns NULL
 * on success, else a static message saying what is wrong. */
const char *portclass_parse_port_range(const char *text, guint16 *low, guint16 *high);

/* A one-line summary of a load that found problems, naming source (a path
 * or "built-in data"), e.g. "…: 2 malformed lines skipped (first: line 7:
 * port out of range)" or "…: no service entries found". Returns NULL when
 * there is nothing to say. The caller frees the string with g_free(). */
char *portclass_load_report_problems(const portclass_load_report_t *report, const char *source);

G_END_DECLS

#endif /* PORTCLASS_LOAD_H */
