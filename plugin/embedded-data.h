/* embedded-data.h - the service data built into the plugin, as text
 * generated at build time (cmake/ServiceData.cmake, cmake/EmbedFile.cmake),
 * so that no service data is read from a file at run time:
 *  - portclass_curated_data: data/services.tsv, the curated rows;
 *  - portclass_iana_data: the IANA registry of the Wireshark built against,
 *    its "services" file (3.4 to 4.2, and any Wireshark source tree) or
 *    what its "tshark -G services" printed (4.4 and later).
 * Each array holds _len bytes followed by a NUL byte that _len leaves out.
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
