#pragma once
// Parses `isotest -v` stderr: lines "isotest: <spaces><ms> ms  <step name>".

#include <string>
#include <utility>
#include <vector>

namespace bench {

// Steps in the order printed; a step printed twice in one run is summed.
std::vector<std::pair<std::string, double>> parse_step_timings_ms(const std::string& verbose_stderr);

}  // namespace bench
