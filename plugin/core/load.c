/* load.c - reading IANA and curated service data into tables: parsing the
 * text that the build embeds, and reading a file of IANA text.
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
    *mask = 0;
    for (const char *name = text;;) {
        size_t n = strcspn(name, "/");
        if (n == 3 && strncmp(name, "tcp", 3) == 0)
            *mask |= PORTCLASS_MASK_TCP;
        else if (n == 3 && strncmp(name, "udp", 3) == 0)
            *mask |= PORTCLASS_MASK_UDP;
        else if (!(n == 4 && (strncmp(name, "sctp", 4) == 0 || strncmp(name, "dccp", 4) == 0)))
            return "unknown transport";
        if (name[n] == '\0')
            return NULL;
        name += n + 1;
    }
}

/* Cuts the next whitespace-separated word out of *cursor; NULL at the end. */
static char *next_word(char **cursor)
{
    char *word = *cursor + strspn(*cursor, " \t");
    if (*word == '\0')
        return NULL;
    char *end = word + strcspn(word, " \t");
    *cursor = *end ? end + 1 : end;
    *end = '\0';
    return word;
}

/* "name  port[-port]/proto[/proto]  [aliases]  [# description]", the
 * services(5) format of the data file of Wireshark 3.4 to 4.2 and of the
 * "services" file at the top of its source tree. */
static const char *parse_services_line(portclass_table_t *table, char *line, gboolean *added)
{
    char *comment = strchr(line, '#');
    if (comment)
        *comment++ = '\0';

    char *cursor = line;
    char *name = next_word(&cursor);
    char *spec = name ? next_word(&cursor) : NULL;
    char *slash = spec ? strchr(spec, '/') : NULL;
    if (!name)
        return NULL; /* a comment or blank line */
    if (!slash)
        return "expected \"name port/transport\"";

    guint16 low, high;
    guint mask;
    *slash = '\0';
    const char *problem = portclass_parse_port_range(spec, &low, &high);
    if (!problem)
        problem = parse_iana_transports(slash + 1, &mask);
    if (!problem && mask) {
        portclass_entry_t entry = {
            .name = name,
            .description = comment ? g_strstrip(comment) : NULL,
        };
        *added = portclass_table_add(table, mask, low, high, &entry) > 0;
    }
    return problem;
}

/* "name<TAB>port<TAB>proto<TAB>description", one port and transport a line:
 * what "tshark -G services" prints from the registry that Wireshark 4.4 and
 * later compile in. cols holds the line cut at its first three tabs. */
static const char *parse_dump_line(portclass_table_t *table, char *cols[4], gboolean *added)
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
            .description = g_strstrip(cols[3]),
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

    char *first_tab = strchr(line, '\t');
    char *second_tab = first_tab ? strchr(first_tab + 1, '\t') : NULL;
    gsize port_len = second_tab ? (gsize)(second_tab - first_tab - 1) : 0;
    if (port_len == 0 || strspn(first_tab + 1, "0123456789") != port_len)
        return parse_services_line(table, line, added);

    char *third_tab = strchr(second_tab + 1, '\t');
    char *cols[4] = {line, first_tab + 1, second_tab + 1, third_tab ? third_tab + 1 : ""};
    *first_tab = *second_tab = '\0';
    if (third_tab)
        *third_tab = '\0';
    return parse_dump_line(table, cols, added);
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
    /* One writable copy; each line is cut out of it in place. */
    char *copy = g_malloc(len + 1);
    char *end = copy + len;

    memcpy(copy, text, len);
    *end = '\0';
    for (char *line = copy; line < end;) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        char *stop = newline ? newline : end;
        gsize line_len = (gsize)(stop - line);

        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        report->lines++;

        gboolean added = FALSE;
        const char *problem = NULL;
        if (memchr(line, '\0', line_len) || !g_utf8_validate(line, (gssize)line_len, NULL)) {
            problem = "not valid UTF-8 text";
        } else {
            line[line_len] = '\0';
            problem = parse_line(table, line, &added);
        }
        if (problem)
            note_problem(report, problem);
        report->entries += added;

        line = newline ? newline + 1 : end;
    }
    g_free(copy);
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
