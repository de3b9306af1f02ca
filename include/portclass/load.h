/* load.h - reading service rows into tables. One format serves both kinds
 * of data: the curated rows of data/services.tsv and the IANA registry,
 * which the build rewrites as such rows (cmake/iana-services.py):
 * "transport ports service description description_ja [flags note
 * note_ja]", tab-separated. Bad lines are skipped and counted; they never
 * stop a load. Epan-free: GLib only.
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

/* Parses the rows of len bytes of text (need not be NUL-terminated) into
 * table. Fills report. */
void portclass_load_text(portclass_table_t *table, const char *text, gsize len,
                         portclass_load_report_t *report);

/* Parses "tcp", "udp" or "both" into a PORTCLASS_MASK_* value. Returns NULL on
 * success, else a static message saying what is wrong. */
const char *portclass_parse_transport(const char *text, guint *mask);

/* Parses "443" or "6000-6063" (inclusive, 0-65535, low <= high). Returns NULL
 * on success, else a static message saying what is wrong. */
const char *portclass_parse_port_range(const char *text, guint16 *low, guint16 *high);

/* A one-line summary of a load that found problems, naming source, e.g.
 * "…: 2 malformed lines skipped (first: line 7: port out of range)" or
 * "…: no service entries found". Returns NULL when there is nothing to
 * say. The caller frees the string with g_free(). */
char *portclass_load_report_problems(const portclass_load_report_t *report, const char *source);

G_END_DECLS

#endif /* PORTCLASS_LOAD_H */
