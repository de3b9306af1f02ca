/* embedded-data.h - the service data built into the plugin, as tables
 * generated at build time (cmake/ServiceData.cmake): the curated rows of
 * data/services.tsv, and the IANA registry of the Wireshark built against.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_EMBEDDED_DATA_H
#define PORTCLASS_EMBEDDED_DATA_H

#include "portclass/registry.h"

extern const portclass_row_t portclass_curated_rows[];
extern const size_t portclass_curated_rows_len;
extern const portclass_row_t portclass_iana_rows[];
extern const size_t portclass_iana_rows_len;

#endif /* PORTCLASS_EMBEDDED_DATA_H */
