// `isotest report --format json`: the summary for scripts, as one JSON object:
//
//   {"files": 2, "suites": 3,
//    "totals": {"tests": 13, "passed": 5, "failures": 4, "errors": 0, "skipped": 4},
//    "failures": [{"test": "Class.name", "verdict": "failed"|"errored", "message": "...",
//                  "report": "path"}, ...],
//    "hermeticity": {...},                     (hermeticity_summary.hpp: every offending run)
//    "own_results_incomplete": [{"test", "report", "detail"}, ...]}
//
// Every failed or errored case is listed; strings are the reports' text, escaped (json_writer.hpp).
#pragma once

#include <string>
#include <vector>

#include "report/report_inputs.hpp"

namespace isotest::report {

// The object and a newline.
std::string summary_json(const std::vector<LoadedReport>& reports);

}  // namespace isotest::report
