/* portclass-services.c - the service tables of the plugin: the curated
 * data and the IANA registry, both built into it (embedded-data.h), loaded
 * once and looked up per packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_LOG_DOMAIN "portclass"

#include "portclass-compat.h"

#include <epan/packet.h>

#include "embedded-data.h"
#include "portclass-services.h"
#include "portclass/load.h"

/* Environment variable naming an IANA services file to read instead of the
 * built-in registry (tests use it). */
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

/* Reads the IANA table from the file at path instead; a file that cannot be
 * read leaves the table empty, with one warning. */
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

/* Parses the registry built into the plugin into the IANA table. */
static void load_built_in_iana_services(void)
{
    portclass_load_report_t report = {0};

    portclass_load_iana_text(iana_services, portclass_iana_data, portclass_iana_data_len, &report);
    report_load_problems(&report, "built-in IANA service registry");
}

/* A missing or broken override file costs the IANA names only: the curated
 * layer still answers for the common services. */
static void load_iana_services(void)
{
    const char *override = g_getenv(PORTCLASS_SERVICES_ENV);

    iana_services = portclass_table_new();
    if (override && *override)
        load_iana_file(override);
    else
        load_built_in_iana_services();
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

/* The IANA registry is parsed on the first lookup, not at start-up: runs
 * that never look a port up (plain "tshark -r", "tshark -G") do not pay for
 * it. */
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
