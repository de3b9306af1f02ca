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

static portclass_table_t *custom_services;
static portclass_table_t *curated_services;
static portclass_table_t *iana_services;

/* A problem with the data is one warning: the table keeps what loaded. */
static portclass_table_t *load_table(const char *text, gsize len, const char *source)
{
    portclass_table_t *table = portclass_table_new();
    portclass_load_report_t report = {0};

    portclass_load_text(table, text, len, &report);
    char *problems = portclass_load_report_problems(&report, source);
    if (problems)
        portclass_warning("%s", problems);
    g_free(problems);
    return table;
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
    curated_services =
        load_table(portclass_curated_data, portclass_curated_data_len, "built-in service data");
    register_shutdown_routine(service_data_shutdown);
}

/* The IANA registry is parsed on the first lookup, not at start-up: runs
 * that never look a port up (plain "tshark -r", "tshark -G") do not pay for
 * it. */
portclass_service_t services_lookup(portclass_transport_t transport, guint16 port)
{
    if (G_UNLIKELY(!iana_services))
        iana_services = load_table(portclass_iana_data, portclass_iana_data_len,
                                   "built-in IANA service registry");
    return portclass_service_lookup_layers(custom_services, curated_services, iana_services,
                                           transport, port);
}

void services_set_custom(portclass_table_t *table)
{
    portclass_table_free(custom_services);
    custom_services = table;
}
