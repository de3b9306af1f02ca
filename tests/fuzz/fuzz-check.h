/* fuzz-check.h - the harnesses' own checks: a failed one aborts, which
 * libFuzzer reports as a crash with the input that caused it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PORTCLASS_FUZZ_CHECK_H
#define PORTCLASS_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            (void)fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__,         \
                          __LINE__);                                                               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif /* PORTCLASS_FUZZ_CHECK_H */
