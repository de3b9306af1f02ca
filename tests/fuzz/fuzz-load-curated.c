/* fuzz-load-curated.c - libFuzzer harness: arbitrary bytes as service
 * rows (the tab-separated format of data/services.tsv, which the IANA
 * registry is rewritten in at build time).
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPORTCLASS_FUZZERS=ON
 * Run:   build-fuzz/fuzz/fuzz-load-curated -max_total_time=120 CORPUS_DIR tests/fuzz/corpus-curated
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_loader(portclass_load_text, TRUE, data, size);
    return 0;
}
