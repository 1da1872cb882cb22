// A broken invariant in a fuzz target: print what and where, then abort so the fuzzer (or the
// replay test, as a crash) reports the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                              \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s (%s)\n", __FILE__, __LINE__, \
                         what, #condition);                                                      \
            std::abort();                                                                        \
        }                                                                                        \
    } while (false)
