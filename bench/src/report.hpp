#pragma once
// The markdown section one run contributes to bench/RESULTS.md.

#include <ostream>

#include "config.hpp"
#include "results.hpp"
#include "targets.hpp"

namespace bench {

void write_report(std::ostream& out, const Config& config, const Results& results,
                  const std::vector<TargetRow>& targets);

// target <TAB> measured <TAB> yes|no, one line per target: run.sh merges runs into one table.
void write_targets_tsv(std::ostream& out, const std::vector<TargetRow>& targets);

}  // namespace bench
