/* portclass-services.c - the service tables of the plugin: the curated
 * data and the IANA registry, both built into it (embedded-data.h), loaded
 * once and looked up per packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "portclass-compat.h"

#include <epan/packet.h>

#include "embedded-data.h"
#include "packet-portclass.h"

static portclass_table_t *custom_services;
static portclass_table_t *curated_services;
static portclass_table_t *iana_services;

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
        portclass_table_new_from_rows(portclass_curated_rows, portclass_curated_rows_len);
    register_shutdown_routine(service_data_shutdown);
}

/* The IANA table is made on the first lookup, not at start-up: runs that
 * never look a port up (plain "tshark -r", "tshark -G") do not pay for it. */
portclass_service_t services_lookup(portclass_transport_t transport, guint16 port)
{
    if (G_UNLIKELY(!iana_services))
        iana_services = portclass_table_new_from_rows(portclass_iana_rows, portclass_iana_rows_len);
    return portclass_service_lookup_layers(custom_services, curated_services, iana_services,
                                           transport, port);
}

void services_set_custom(portclass_table_t *table)
{
    portclass_table_free(custom_services);
    custom_services = table;
}
