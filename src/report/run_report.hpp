// The report of one sandboxed run: one suite whose cases are the test's own (when it wrote
// JUnit XML of its own) and/or one isotest case standing for the run as a whole; suite
// properties isotest.* (run_properties.hpp, and isotest.own_results / own_results_left_out on
// the merge: own_results.hpp), the captured output as the suite's <system-out>/<system-err>.
#pragma once

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"
#include "report/host_facts.hpp"
#include "report/junit_model.hpp"

namespace isotest::report {

// Names used when the spec leaves them empty: the command's basename, and the testcase name
// again for the classname (as CTest's --output-junit) and the suite.
std::string default_case_name(const SandboxSpec& spec);

struct RunReport {
    JunitReport junit;
    // One line for the terminal when the test's own results were cut, left out in part, refused
    // or ignored as malformed (what isotest.own_results says); empty otherwise.
    std::string notice;
};

RunReport build_run_report(const SandboxSpec& spec, const Outcome& outcome, const HostFacts& host);
// The same, moving the captured output into the report instead of copying it (the outcome's
// captures are left empty): a megabyte of output is held once, not twice.
RunReport build_run_report(const SandboxSpec& spec, Outcome&& outcome, const HostFacts& host);

}  // namespace isotest::report
