/* portclass-settings.c - preferences and the custom services UAT.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <epan/prefs.h>
#include <epan/uat.h>
#include <wsutil/filesystem.h>

#include "packet-portclass.h"
#include "portclass/custom.h"
#include "portclass/text.h"

/* The language preference's value that follows the user: none of the
 * languages. */
#define LANGUAGE_AUTO 100

/* Wireshark's preference code writes straight into these, and they are
 * read at every use: sharkd's setconf changes them without applying
 * preferences. */
static int pref_language = LANGUAGE_AUTO;
static settings_t settings = {
    .expert_port_state = TRUE,
    .expert_nonstandard = TRUE,
    .expert_teaching = TRUE,
    .annotate_quoted = TRUE,
};

static const enum_val_t language_values[] = {
    {"auto", "Same as Wireshark", LANGUAGE_AUTO},
    {"en", "English", PORTCLASS_LANG_EN},
    {"ja", "Japanese (日本語)", PORTCLASS_LANG_JA},
    {NULL, NULL, -1},
};

/* The language of "auto": worked out on first use, then kept for the run,
 * so packets never pay for it. Wireshark's language file is the personal
 * configuration folder's (the window's language is the same in every
 * profile), read only when it is a regular file, and silently: a folder or
 * a pipe of that name is no file. */
static portclass_language_t followed_language(void)
{
    static gboolean known;
    static portclass_language_t followed;

    if (G_UNLIKELY(!known)) {
        char *path = get_persconffile_path("language", FALSE);
        char *text = NULL;

        if (path && g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
            !g_file_get_contents(path, &text, NULL, NULL))
            text = NULL;
        followed = portclass_language_followed(text, g_get_language_names());
        g_free(text);
        g_free(path);
        known = TRUE;
    }
    return followed;
}

const settings_t *settings_current(void)
{
    if (pref_language == PORTCLASS_LANG_EN || pref_language == PORTCLASS_LANG_JA)
        settings.language = (portclass_language_t)pref_language;
    else
        settings.language = followed_language();
    return &settings;
}

typedef struct {
    char *transport;
    char *ports;
    char *name;
    char *description;
    char *description_ja;
} custom_service_record_t;

static custom_service_record_t *custom_records;
static guint custom_record_count;
/* The rows changed since the table was last built. Wireshark does not call
 * the post-update callback when a loaded file had a bad row, so the table
 * is rebuilt on the next packet instead (settings_refresh_custom_services()). */
static gboolean custom_records_changed;

UAT_CSTRING_CB_DEF(custom_service, transport, custom_service_record_t)
UAT_CSTRING_CB_DEF(custom_service, ports, custom_service_record_t)
UAT_CSTRING_CB_DEF(custom_service, name, custom_service_record_t)
UAT_CSTRING_CB_DEF(custom_service, description, custom_service_record_t)
UAT_CSTRING_CB_DEF(custom_service, description_ja, custom_service_record_t)

static portclass_custom_row_t record_row(const custom_service_record_t *record)
{
    return (portclass_custom_row_t){.transport = record->transport,
                                    .ports = record->ports,
                                    .name = record->name,
                                    .description = record->description,
                                    .description_ja = record->description_ja};
}

/* "PortClass custom services: row starting \"tcp\",\"8010-8000\" rejected:
 * ports \"8010-8000\": port range is reversed". Only the columns before the
 * bad one are known while a row is being read, so only those are quoted, as
 * in the UAT file and in -o 'uat:portclass_services:...' so the user finds
 * the row; bytes that are not printable ASCII are shown as escapes. */
static char *row_problem_message(const custom_service_record_t *record,
                                 portclass_custom_column_t known_columns, const char *problem)
{
    const char *fields[] = {record->transport, record->ports, record->name};
    GString *message = g_string_new("PortClass custom services: row ");

    for (gsize i = 0; i < G_N_ELEMENTS(fields) && i < (gsize)known_columns; i++) {
        char *escaped = g_strescape(fields[i] ? fields[i] : "", NULL);
        g_string_append_printf(message, "%s\"%s\"", i ? "," : "starting ", escaped);
        g_free(escaped);
    }
    g_string_append_printf(message, "%srejected: %s", known_columns ? " " : "", problem);
    return g_string_free(message, FALSE);
}

/* A cell's check: the dialog marks the cell and shows the message; loading
 * a file or -o reports it. It is logged too, with the row as far as it has
 * been read, because Wireshark reports only the last bad row of a file. */
static portclass_cb_bool check_cell(const custom_service_record_t *record, const char *text,
                                    unsigned len, portclass_custom_column_t column, char **error)
{
    *error = portclass_custom_column_problem(column, text, len);
    if (*error) {
        char *message = row_problem_message(record, column, *error);
        portclass_warning("%s", message);
        g_free(message);
    }
    return *error == NULL;
}

#define CELL_CHECK(column_name, column)                                                            \
    static portclass_cb_bool check_##column_name(void *record, const char *text, unsigned len,     \
                                                 const void *chk_data _U_,                         \
                                                 const void *fld_data _U_, char **error)           \
    {                                                                                              \
        return check_cell(record, text, len, column, error);                                       \
    }
CELL_CHECK(transport, PORTCLASS_CUSTOM_TRANSPORT)
CELL_CHECK(ports, PORTCLASS_CUSTOM_PORTS)
CELL_CHECK(name, PORTCLASS_CUSTOM_NAME)
CELL_CHECK(description, PORTCLASS_CUSTOM_DESCRIPTION)
CELL_CHECK(description_ja, PORTCLASS_CUSTOM_DESCRIPTION_JA)

static portclass_cb_bool custom_service_update(void *record, char **error)
{
    portclass_custom_row_t row = record_row(record);
    char *problem = portclass_custom_row_problem(&row);

    custom_records_changed = TRUE;
    if (!problem)
        return TRUE;
    *error = row_problem_message(record, PORTCLASS_CUSTOM_DESCRIPTION, problem);
    portclass_warning("%s", *error);
    g_free(problem);
    return FALSE;
}

static void *custom_service_copy(void *dest, const void *source, size_t len _U_)
{
    custom_service_record_t *to = dest;
    const custom_service_record_t *from = source;

    to->transport = g_strdup(from->transport);
    to->ports = g_strdup(from->ports);
    to->name = g_strdup(from->name);
    to->description = g_strdup(from->description);
    to->description_ja = g_strdup(from->description_ja);
    return to;
}

static void custom_service_free(void *data)
{
    custom_service_record_t *record = data;

    g_free(record->transport);
    g_free(record->ports);
    g_free(record->name);
    g_free(record->description);
    g_free(record->description_ja);
}

static void custom_services_changed(void)
{
    custom_records_changed = TRUE;
}

/* Builds the custom table from the good rows; bad rows were reported when
 * they were loaded and are skipped, so the good ones always apply. */
void settings_refresh_custom_services(void)
{
    if (G_LIKELY(!custom_records_changed))
        return;
    portclass_table_t *table = portclass_table_new();
    for (guint i = 0; i < custom_record_count; i++) {
        portclass_custom_row_t row = record_row(&custom_records[i]);
        g_free(portclass_custom_row_add(table, &row));
    }
    services_set_custom(table);
    custom_records_changed = FALSE;
}

void settings_register(int proto)
{
    static uat_field_t custom_fields[] = {
        UAT_FLD_CSTRING_OTHER(custom_service, transport, "Transport", check_transport,
                              "tcp, udp or both"),
        UAT_FLD_CSTRING_OTHER(custom_service, ports, "Ports", check_ports,
                              "One port (8080) or a range of ports (8000-8010), 0-65535"),
        UAT_FLD_CSTRING_OTHER(custom_service, name, "Service name", check_name,
                              "The name to show for the service, e.g. LabShop"),
        UAT_FLD_CSTRING_OTHER(custom_service, description, "Description", check_description,
                              "What the service is, in plain words (optional)"),
        UAT_FLD_CSTRING_OTHER(custom_service, description_ja, "Japanese description",
                              check_description_ja,
                              "The description in Japanese (optional; the English one is "
                              "used when empty)"),
        UAT_END_FIELDS,
    };
    module_t *module = prefs_register_protocol(proto, NULL);

    prefs_register_enum_preference(
        module, "language", "Language",
        "The language of the descriptions, the labels in the packet details and the expert infos. "
        "Same as Wireshark (auto, the default): Japanese when Wireshark's own language is, as "
        "chosen under Appearance > Language, else as the system's language says; English "
        "otherwise. English (en) and Japanese (ja) choose one. Filter values such as well-known "
        "or client-to-server stay the same in every language, so display filters and scripts "
        "keep working.",
        &pref_language, language_values, FALSE);
    prefs_register_bool_preference(
        module, "expert_port_state", "Report open and closed ports",
        "Add an expert note on each packet that shows a server port open (a SYN-ACK, a UDP "
        "reply) or closed (a RST answering a SYN, an ICMP port unreachable).",
        &settings.expert_port_state);
    prefs_register_bool_preference(
        module, "expert_nonstandard", "Report services on non-standard ports",
        "Add an expert note when Wireshark decodes a protocol (SSH, HTTP, DNS, ...) on a "
        "server port that is not one of that protocol's usual ports.",
        &settings.expert_nonstandard);
    prefs_register_bool_preference(
        module, "expert_teaching", "Report teaching and security notes",
        "Add expert infos, once per conversation, for services that send passwords or data "
        "unencrypted (Telnet, FTP, HTTP, ...), for port 0, and for servers on dynamic ports or "
        "clients on well-known ports.",
        &settings.expert_teaching);
    prefs_register_bool_preference(
        module, "annotate_quoted", "Annotate headers quoted in ICMP errors",
        "Also classify the TCP or UDP header that an ICMP or ICMPv6 error message (such as port "
        "unreachable) quotes from the packet that caused it. A closed port is found from these.",
        &settings.annotate_quoted);
    prefs_register_uat_preference(
        module, "custom_services", "Custom services",
        "Your own names and descriptions for ports, e.g. the services of a lab. They take "
        "precedence over the built-in data and the IANA registry.",
        uat_new("Custom services", sizeof(custom_service_record_t), "portclass_services", TRUE,
                &custom_records, &custom_record_count, UAT_AFFECTS_DISSECTION, NULL,
                custom_service_copy, custom_service_update, custom_service_free,
                custom_services_changed, custom_services_changed, custom_fields));
}
