// The invariants of the test's own results, whatever source they were read from (its JUnit XML,
// TAP on its stdout): bounded whatever it held, and every case either merged or counted as
// left out. Aborts (FUZZ_CHECK) when one is broken.
#pragma once

#include "report/own_results.hpp"

namespace isotest::fuzz {

void check_own_results(const report::OwnResults& own);

}  // namespace isotest::fuzz
