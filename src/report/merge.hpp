// Combines reports into one: every suite of every input, in order, counts recomputed when
// rendered (inputs' tests/failures/errors/skipped attributes are never trusted).
#pragma once

#include <vector>

#include "report/report_inputs.hpp"

namespace isotest::report {

JunitReport merge_reports(std::vector<LoadedReport> inputs);

}  // namespace isotest::report
