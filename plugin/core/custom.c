/* custom.c - checking and applying the user's own service rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass/custom.h"

#include <string.h>

/* Longest service name accepted: it goes into tree labels and columns. */
#define CUSTOM_NAME_MAX 64

static const char *const column_names[PORTCLASS_CUSTOM_N_COLUMNS] = {
    [PORTCLASS_CUSTOM_TRANSPORT] = "transport",
    [PORTCLASS_CUSTOM_PORTS] = "ports",
    [PORTCLASS_CUSTOM_NAME] = "service name",
    [PORTCLASS_CUSTOM_DESCRIPTION] = "description",
    [PORTCLASS_CUSTOM_DESCRIPTION_JA] = "Japanese description",
};

gboolean portclass_parse_transport(const char *text, guint *mask)
{
    if (g_strcmp0(text, "tcp") == 0)
        *mask = PORTCLASS_MASK_TCP;
    else if (g_strcmp0(text, "udp") == 0)
        *mask = PORTCLASS_MASK_UDP;
    else if (g_strcmp0(text, "both") == 0)
        *mask = PORTCLASS_MASK_BOTH;
    else
        return FALSE;
    return TRUE;
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

    if (!problem && dash)
        problem = parse_port(dash + 1, end, high);
    else if (!problem)
        *high = *low;
    return !problem && *low > *high ? "port range is reversed" : problem;
}

/* Text that is not UTF-8, or holds control characters (tabs, line breaks),
 * would garble tree labels, columns and the UAT file itself. */
static const char *text_problem(const char *text, gsize len)
{
    if (!g_utf8_validate(text, (gssize)len, NULL))
        return "the text is not valid UTF-8";
    for (gsize i = 0; i < len; i++) {
        if ((guchar)text[i] < 0x20 || text[i] == 0x7f)
            return "the text holds a control character (tab, line break, ...)";
    }
    return NULL;
}

/* The problem of a transport, ports or service name value; NULL when it is
 * good. */
static const char *value_problem(portclass_custom_column_t column, const char *value)
{
    guint mask;
    guint16 low, high;

    if (column == PORTCLASS_CUSTOM_TRANSPORT)
        return portclass_parse_transport(value, &mask) ? NULL
                                                       : "the transport must be tcp, udp or both";
    if (column == PORTCLASS_CUSTOM_PORTS)
        return portclass_parse_port_range(value, &low, &high);
    if (*value == '\0')
        return "the service name is empty";
    if (g_ascii_isspace(value[0]) || g_ascii_isspace(value[strlen(value) - 1]))
        return "the service name starts or ends with a space";
    if (g_utf8_strlen(value, -1) > CUSTOM_NAME_MAX)
        return "the service name is longer than 64 characters";
    return NULL;
}

char *portclass_custom_column_problem(portclass_custom_column_t column, const char *text, gsize len)
{
    const char *problem = text_problem(text ? text : "", text ? len : 0);

    if (!problem && column < PORTCLASS_CUSTOM_DESCRIPTION) {
        char *value = g_strndup(text ? text : "", text ? len : 0);
        problem = value_problem(column, value);
        g_free(value);
    }
    if (!problem)
        return NULL;
    /* Bad bytes are not echoed: the message must itself be UTF-8. Names
     * and descriptions are not echoed either: the column says enough. */
    if (column >= PORTCLASS_CUSTOM_NAME || !text || !g_utf8_validate(text, (gssize)len, NULL))
        return g_strdup_printf("%s: %s", column_names[column], problem);
    return g_strdup_printf("%s \"%.*s\": %s", column_names[column], (int)len, text, problem);
}

char *portclass_custom_row_problem(const portclass_custom_row_t *row)
{
    const char *const texts[PORTCLASS_CUSTOM_N_COLUMNS] = {
        row->transport, row->ports, row->name, row->description, row->description_ja,
    };
    char *problem = NULL;

    for (int column = 0; column < PORTCLASS_CUSTOM_N_COLUMNS && !problem; column++) {
        const char *text = texts[column] ? texts[column] : "";
        problem = portclass_custom_column_problem(column, text, strlen(text));
    }
    return problem;
}

char *portclass_custom_row_add(portclass_table_t *table, const portclass_custom_row_t *row)
{
    char *problem = portclass_custom_row_problem(row);
    guint mask = 0;
    guint16 low = 0, high = 0;

    if (problem)
        return problem;
    (void)portclass_parse_transport(row->transport, &mask);
    (void)portclass_parse_port_range(row->ports, &low, &high);
    const portclass_entry_t entry = {
        .name = row->name,
        .description = row->description,
        .description_ja = row->description_ja,
    };
    /* 0 newly assigned ports is no error: earlier rows took them all. */
    (void)portclass_table_add(table, mask, low, high, &entry);
    return NULL;
}
