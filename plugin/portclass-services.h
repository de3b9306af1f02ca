/* portclass-services.h - the plugin's service tables (custom over curated
 * over IANA).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_SERVICES_H
#define PORTCLASS_SERVICES_H

#include <glib.h>

#include "portclass/registry.h"

/* Makes the curated table now and registers the routine that frees the
 * tables at exit. Call once, from proto_register_portclass(). */
void services_register(void);

/* The service behind a port. O(1); the first call makes the IANA table. */
portclass_service_t services_lookup(portclass_transport_t transport, guint16 port);

/* Replaces the table of the user's custom services and frees the old one.
 * The table is taken over; NULL removes every custom service. */
void services_set_custom(portclass_table_t *table);

#endif /* PORTCLASS_SERVICES_H */
