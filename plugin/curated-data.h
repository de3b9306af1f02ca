/* curated-data.h - data/services.tsv, embedded at build time
 * (cmake/EmbedFile.cmake), so the curated layer needs no file at run time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_CURATED_DATA_H
#define PORTCLASS_CURATED_DATA_H

#include <stddef.h>

extern const char portclass_curated_data[];
extern const size_t portclass_curated_data_len;

#endif /* PORTCLASS_CURATED_DATA_H */
