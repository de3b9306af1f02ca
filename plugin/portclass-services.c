/* portclass-services.c - the service tables of the plugin: the curated
 * data built into it and Wireshark's copy of the IANA registry, loaded once
 * and looked up per packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <errno.h>

#include <epan/packet.h>
#include <wsutil/filesystem.h>

#include "curated-data.h"
#include "portclass-services.h"
#include "portclass/load.h"

/* Environment variable naming another IANA services file (tests use it). */
#define PORTCLASS_SERVICES_ENV "PORTCLASS_SERVICES_FILE"

static portclass_table_t *custom_services;
static portclass_table_t *curated_services;
static portclass_table_t *iana_services;

static void report_load_problems(const portclass_load_report_t *report, const char *source)
{
    char *problems = portclass_load_report_problems(report, source);

    if (problems)
        portclass_warning("%s", problems);
    g_free(problems);
}

static void load_curated_services(void)
{
    portclass_load_report_t report = {0};

    curated_services = portclass_table_new();
    portclass_load_curated_text(curated_services, portclass_curated_data,
                                portclass_curated_data_len, &report);
    report_load_problems(&report, "built-in service data");
}

static void load_iana_file(const char *path)
{
    portclass_load_report_t report = {0};
    GError *error = NULL;

    if (!portclass_load_iana_file(iana_services, path, &report, &error)) {
        portclass_warning(
            "cannot read the IANA service registry (%s); only the built-in services are "
            "named",
            error->message);
        g_error_free(error);
        return;
    }
    report_load_problems(&report, path);
}

#if PORTCLASS_HAVE_COMPILED_IN_SERVICES
/* Reads the registry compiled into Wireshark through a temporary file, in the
 * format of "tshark -G services". */
static void load_compiled_in_registry(void)
{
    portclass_load_report_t report = {0};
    FILE *dump = tmpfile();
    GString *text = g_string_new(NULL);
    char chunk[8192];
    size_t n;

    if (!dump) {
        portclass_warning(
            "cannot read Wireshark's IANA service registry (no temporary file: %s); only "
            "the built-in services are named",
            g_strerror(errno));
        g_string_free(text, TRUE);
        return;
    }
    global_services_dump(dump);
    rewind(dump);
    while ((n = fread(chunk, 1, sizeof chunk, dump)) > 0)
        g_string_append_len(text, chunk, (gssize)n);
    (void)fclose(dump); /* read-only: nothing to flush, nothing to report */

    portclass_load_iana_text(iana_services, text->str, text->len, &report);
    report_load_problems(&report, "Wireshark's IANA service registry");
    g_string_free(text, TRUE);
}
#endif

/* A missing or broken registry costs the IANA names only: the curated layer
 * still answers for the common services. PORTCLASS_SERVICES_FILE names a
 * file to read instead of Wireshark's own copy. */
static void load_iana_services(void)
{
    const char *override = g_getenv(PORTCLASS_SERVICES_ENV);

    iana_services = portclass_table_new();
    if (override && *override) {
        load_iana_file(override);
        return;
    }
#if PORTCLASS_HAVE_COMPILED_IN_SERVICES
    load_compiled_in_registry();
#else
    char *path = get_datafile_path("services");
    load_iana_file(path);
    g_free(path);
#endif
}

static void service_data_shutdown(void)
{
    portclass_table_free(iana_services);
    portclass_table_free(curated_services);
    portclass_table_free(custom_services);
    iana_services = NULL;
    curated_services = NULL;
    custom_services = NULL;
}

void services_register(void)
{
    load_curated_services();
    register_shutdown_routine(service_data_shutdown);
}

/* The IANA registry is read on the first lookup, not at start-up: runs that
 * never look a port up (plain "tshark -r", "tshark -G") do not pay for it;
 * on 4.4 and later reading it means printing Wireshark's whole compiled-in
 * table and parsing it back. */
portclass_service_t services_lookup(portclass_transport_t transport, guint16 port)
{
    if (G_UNLIKELY(!iana_services))
        load_iana_services();
    return portclass_service_lookup_layers(custom_services, curated_services, iana_services,
                                           transport, port);
}

void services_set_custom(portclass_table_t *table)
{
    portclass_table_free(custom_services);
    custom_services = table;
}
