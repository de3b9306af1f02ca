/* fuzz-load-iana.c - libFuzzer harness: arbitrary bytes as IANA registry text
 * (either the services(5) format or the "tshark -G services" dump format).
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPORTCLASS_FUZZERS=ON
 * Run:   build-fuzz/fuzz/fuzz-load-iana -max_total_time=120 CORPUS_DIR tests/fuzz/corpus-iana
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_loader(portclass_load_iana_text, FALSE, data, size);
    return 0;
}
