// The test's own JUnit XML (GoogleTest's, pytest's, CTest's, ...), read for merging into the
// run's report. Never throws: a malformed file must not cost the run its report.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/junit_model.hpp"

namespace isotest::report {

struct OwnResults {
    enum class Status { absent, merged, no_cases, malformed };
    Status status = Status::absent;
    std::vector<TestCase> cases;  // from every suite of the file, in order
    std::string note;             // for isotest.own_results: what happened, in one line
};

OwnResults read_own_results(std::string_view own_xml);

// Whether the own cases account for how the run ended, so the report needs no isotest test
// case of its own: only for a clean exit (no signal, timeout, setup failure or termination)
// that is either 0, or nonzero with at least one failed/errored own case. A skip exit code,
// a crash, or "exit 1 but every case passed" keep the isotest test case.
bool own_results_explain(const OwnResults& own, Verdict run_verdict, bool clean_exit);

}  // namespace isotest::report
