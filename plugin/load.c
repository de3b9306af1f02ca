/* load.c - reading IANA and curated service data into tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/load.h"

#include <string.h>

/* Parses one line; returns NULL when the line is fine (it may be a comment
 * and add nothing), else a static message saying what is wrong. Sets *added
 * when the line assigned at least one port. The line is NUL-terminated,
 * valid UTF-8 and may be modified. */
typedef const char *(*line_parser_t)(portclass_table_t *table, char *line, gboolean *added);

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

/* Parses a decimal port number that ends at *end. */
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

/* Parses "tcp/udp/sctp" (after the port) into a mask of tcp and udp. */
static const char *parse_iana_transports(const char *text, guint *mask)
{
    const char *problem = NULL;
    char **names = g_strsplit(text, "/", -1);

    *mask = 0;
    for (char **name = names; *name && !problem; name++) {
        if (strcmp(*name, "tcp") == 0)
            *mask |= PORTCLASS_MASK_TCP;
        else if (strcmp(*name, "udp") == 0)
            *mask |= PORTCLASS_MASK_UDP;
        else if (strcmp(*name, "sctp") != 0 && strcmp(*name, "dccp") != 0)
            problem = "unknown transport";
    }
    g_strfreev(names);
    return problem;
}

static gboolean is_port_number(const char *text)
{
    return *text && strspn(text, "0123456789") == strlen(text);
}

/* "name  port[-port]/proto[/proto]  [aliases]  [# description]", the
 * services(5) format of the data file of Wireshark 4.0 and 4.2. */
static const char *parse_services_line(portclass_table_t *table, char *line, gboolean *added)
{
    char *comment = strchr(line, '#');
    if (comment)
        *comment++ = '\0';

    char **tokens = g_strsplit_set(g_strstrip(line), " \t", -1);
    const char *fields[2] = {NULL, NULL};
    guint n_fields = 0;
    for (char **t = tokens; *t && n_fields < 2; t++) {
        if (**t)
            fields[n_fields++] = *t;
    }

    const char *problem = NULL;
    if (n_fields == 0) {
        problem = NULL; /* a comment or blank line */
    } else if (n_fields < 2 || !strchr(fields[1], '/')) {
        problem = "expected \"name port/transport\"";
    } else {
        char *slash = strchr(fields[1], '/');
        guint16 low, high;
        guint mask;
        *slash = '\0';
        problem = portclass_parse_port_range(fields[1], &low, &high);
        if (!problem)
            problem = parse_iana_transports(slash + 1, &mask);
        if (!problem && mask) {
            portclass_entry_t entry = {
                .name = fields[0],
                .description = comment ? g_strstrip(comment) : NULL,
            };
            *added = portclass_table_add(table, mask, low, high, &entry) > 0;
        }
    }
    g_strfreev(tokens);
    return problem;
}

/* "name<TAB>port<TAB>proto<TAB>description", one port and transport a line:
 * what "tshark -G services" prints from the registry that Wireshark 4.4 and
 * later compile in. */
static const char *parse_dump_line(portclass_table_t *table, char **cols, gboolean *added)
{
    guint16 port, unused;
    guint mask;
    const char *problem = portclass_parse_port_range(cols[1], &port, &unused);

    if (!problem && !*cols[0])
        problem = "service name is empty";
    if (!problem)
        problem = parse_iana_transports(cols[2], &mask);
    if (!problem && mask) {
        portclass_entry_t entry = {
            .name = cols[0],
            .description = cols[3] ? g_strstrip(cols[3]) : NULL,
        };
        *added = portclass_table_add(table, mask, port, port, &entry) > 0;
    }
    return problem;
}

/* Either IANA format; a line whose second tab-separated column is a bare
 * port number is the dump format. */
static const char *parse_iana_line(portclass_table_t *table, char *line, gboolean *added)
{
    if (line[0] == '#')
        return NULL;

    char **cols = g_strsplit(line, "\t", 4);
    const char *problem;
    if (g_strv_length(cols) >= 3 && is_port_number(cols[1]))
        problem = parse_dump_line(table, cols, added);
    else
        problem = parse_services_line(table, line, added);
    g_strfreev(cols);
    return problem;
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
        else
            problem = "unknown flag (known: cleartext)";
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

/* "transport \t ports \t service \t description \t description_ja
 *  [\t flags \t note \t note_ja]" */
static const char *parse_curated_line(portclass_table_t *table, char *line, gboolean *added)
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
        problem = "expected 5 to 8 tab-separated columns";
        goto done;
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
done:
    g_strfreev(cols);
    return problem;
}

static void note_problem(portclass_load_report_t *report, const char *problem)
{
    report->malformed++;
    if (report->first_malformed_line == 0) {
        report->first_malformed_line = report->lines;
        g_strlcpy(report->first_problem, problem, sizeof report->first_problem);
    }
}

/* Splits text into lines and hands each to parse_line. */
static void load_lines(portclass_table_t *table, const char *text, gsize len,
                       portclass_load_report_t *report, line_parser_t parse_line)
{
    const char *end = text + len;

    for (const char *start = text; start < end;) {
        const char *newline = memchr(start, '\n', (size_t)(end - start));
        const char *stop = newline ? newline : end;
        gsize line_len = (gsize)(stop - start);

        if (line_len > 0 && start[line_len - 1] == '\r')
            line_len--;
        report->lines++;

        char *line = g_strndup(start, line_len);
        gboolean added = FALSE;
        const char *problem = NULL;
        if (memchr(start, '\0', line_len) || !g_utf8_validate(line, -1, NULL))
            problem = "not valid UTF-8 text";
        else
            problem = parse_line(table, line, &added);
        if (problem)
            note_problem(report, problem);
        report->entries += added;
        g_free(line);

        start = newline ? newline + 1 : end;
    }
}

void portclass_load_iana_text(portclass_table_t *table, const char *text, gsize len,
                              portclass_load_report_t *report)
{
    load_lines(table, text, len, report, parse_iana_line);
}

gboolean portclass_load_iana_file(portclass_table_t *table, const char *path,
                                  portclass_load_report_t *report, GError **error)
{
    char *contents = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &contents, &len, error))
        return FALSE;
    portclass_load_iana_text(table, contents, len, report);
    g_free(contents);
    return TRUE;
}

void portclass_load_curated_text(portclass_table_t *table, const char *text, gsize len,
                                 portclass_load_report_t *report)
{
    load_lines(table, text, len, report, parse_curated_line);
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
