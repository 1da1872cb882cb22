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

// The suite, case and class names are the spec's as they are: their defaults are set when the
// spec is finished (src/cli/finish_spec.hpp), not here.

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
