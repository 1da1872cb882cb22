#pragma once
// Issue 5's targets, checked against one run. Reported, never asserted: a miss is a finding,
// not a failure of the benchmark.

#include <string>
#include <vector>

#include "results.hpp"

namespace bench {

struct TargetRow {
    std::string target;
    std::string measured;
    bool met = false;
};

std::vector<TargetRow> evaluate_targets(const Results& results);

}  // namespace bench
