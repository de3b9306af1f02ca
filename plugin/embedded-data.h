/* embedded-data.h - the service data built into the plugin
 * (cmake/ServiceData.cmake), so that none is read from a file at run time:
 * the curated rows of data/services.tsv, and the IANA registry of the
 * Wireshark built against, rewritten as such rows. Each array holds _len
 * bytes followed by a NUL byte that _len leaves out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_EMBEDDED_DATA_H
#define PORTCLASS_EMBEDDED_DATA_H

#include <stddef.h>

extern const char portclass_curated_data[];
extern const size_t portclass_curated_data_len;
extern const char portclass_iana_data[];
extern const size_t portclass_iana_data_len;

#endif /* PORTCLASS_EMBEDDED_DATA_H */
