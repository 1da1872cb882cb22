// The terminal summary `isotest report` prints: failures and errors with the first lines of
// their messages, the slowest tests, isolation facts from isotest.* properties (processes
// left running, files written outside writable paths, own results cut, left out, refused or
// malformed), and the totals as the last line.
#pragma once

#include <ostream>
#include <vector>

#include "report/report_inputs.hpp"

namespace isotest::report {

struct SummaryStyle {
    bool colour = false;  // ANSI colours (callers decide: tty, NO_COLOR, --color)
};

void print_summary(std::ostream& out, const std::vector<LoadedReport>& reports, SummaryStyle style);

}  // namespace isotest::report
