/* load.c - reading service rows into tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/load.h"

#include <string.h>

const char *portclass_parse_transport(const char *text, guint *mask)
{
    if (g_strcmp0(text, "tcp") == 0)
        *mask = PORTCLASS_MASK_TCP;
    else if (g_strcmp0(text, "udp") == 0)
        *mask = PORTCLASS_MASK_UDP;
    else if (g_strcmp0(text, "both") == 0)
        *mask = PORTCLASS_MASK_BOTH;
    else
        return "transport is not tcp, udp or both";
    return NULL;
}

/* Parses a decimal port number that ends at end. */
static const char *parse_port(const char *text, const char *end, guint16 *port)
{
    guint value = 0;

    if (text == end)
        return "port number missing";
    for (const char *p = text; p < end; p++) {
        if (!g_ascii_isdigit(*p))
            return "port is not a number";
        value = value * 10 + (guint)(*p - '0');
        if (value > G_MAXUINT16)
            return "port out of range (0-65535)";
    }
    *port = (guint16)value;
    return NULL;
}

const char *portclass_parse_port_range(const char *text, guint16 *low, guint16 *high)
{
    if (!text)
        return "port number missing";
    const char *end = text + strlen(text);
    const char *dash = strchr(text, '-');
    const char *problem = parse_port(text, dash ? dash : end, low);

    if (problem)
        return problem;
    if (!dash) {
        *high = *low;
        return NULL;
    }
    problem = parse_port(dash + 1, end, high);
    if (problem)
        return problem;
    return *low > *high ? "port range is reversed" : NULL;
}

/* Parses the optional flags column: empty or a comma-separated list. */
static const char *parse_flags(const char *text, guint *flags)
{
    *flags = 0;
    if (!text || !*text)
        return NULL;

    const char *problem = NULL;
    char **names = g_strsplit(text, ",", -1);
    for (char **name = names; *name && !problem; name++) {
        if (strcmp(g_strstrip(*name), "cleartext") == 0)
            *flags |= PORTCLASS_FLAG_CLEARTEXT;
        else if (strcmp(*name, "login") == 0)
            *flags |= PORTCLASS_FLAG_LOGIN;
        else
            problem = "unknown flag (known: cleartext, login)";
    }
    g_strfreev(names);
    return problem;
}

enum {
    COL_TRANSPORT,
    COL_PORTS,
    COL_SERVICE,
    COL_DESC,
    COL_DESC_JA,
    COL_FLAGS,
    COL_NOTE,
    COL_NOTE_JA
};
#define MIN_COLUMNS (COL_DESC_JA + 1)
#define MAX_COLUMNS (COL_NOTE_JA + 1)

/* Parses one NUL-terminated line; returns NULL when it is fine (it may be a
 * comment and add nothing), else a static message saying what is wrong.
 * Sets *added when the line assigned at least one port. */
static const char *parse_line(portclass_table_t *table, const char *line, gboolean *added)
{
    if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
        return NULL;

    char **cols = g_strsplit(line, "\t", MAX_COLUMNS + 1);
    guint n_cols = g_strv_length(cols);
    const char *col[MAX_COLUMNS] = {NULL};
    guint16 low = 0, high = 0;
    guint mask = 0, flags = 0;
    const char *problem = NULL;

    if (n_cols < MIN_COLUMNS || n_cols > MAX_COLUMNS) {
        g_strfreev(cols);
        return "expected 5 to 8 tab-separated columns";
    }
    for (guint i = 0; i < n_cols; i++)
        col[i] = g_strstrip(cols[i]);

    problem = portclass_parse_transport(col[COL_TRANSPORT], &mask);
    if (!problem)
        problem = portclass_parse_port_range(col[COL_PORTS], &low, &high);
    if (!problem && !*col[COL_SERVICE])
        problem = "service name is empty";
    if (!problem)
        problem = parse_flags(col[COL_FLAGS], &flags);
    if (!problem) {
        portclass_entry_t entry = {
            .name = col[COL_SERVICE],
            .description = col[COL_DESC],
            .description_ja = col[COL_DESC_JA],
            .note = col[COL_NOTE],
            .note_ja = col[COL_NOTE_JA],
            .flags = flags,
        };
        *added = portclass_table_add(table, mask, low, high, &entry) > 0;
    }
    g_strfreev(cols);
    return problem;
}

void portclass_load_text(portclass_table_t *table, const char *text, gsize len,
                         portclass_load_report_t *report)
{
    for (const char *line = text, *end = text + len; line < end;) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        const char *stop = newline ? newline : end;
        gsize line_len = (gsize)(stop - line);

        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        report->lines++;

        gboolean added = FALSE;
        const char *problem = "not valid UTF-8 text";
        if (!memchr(line, '\0', line_len) && g_utf8_validate(line, (gssize)line_len, NULL)) {
            char *copy = g_strndup(line, line_len);
            problem = parse_line(table, copy, &added);
            g_free(copy);
        }
        if (problem && report->malformed++ == 0) {
            report->first_malformed_line = report->lines;
            g_strlcpy(report->first_problem, problem, sizeof report->first_problem);
        }
        report->entries += added;
        line = newline ? newline + 1 : end;
    }
}

char *portclass_load_report_problems(const portclass_load_report_t *report, const char *source)
{
    if (report->entries == 0)
        return g_strdup_printf("%s: no service entries found (%u lines read)", source,
                               report->lines);
    if (report->malformed == 0)
        return NULL;
    return g_strdup_printf("%s: %u malformed line%s skipped (first: line %u: %s)", source,
                           report->malformed, report->malformed == 1 ? "" : "s",
                           report->first_malformed_line, report->first_problem);
}
