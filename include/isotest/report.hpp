// JUnit XML report: the entry points main() calls. Implemented in src/report/.
#pragma once

#include <string>
#include <vector>

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"
#include "report/atomic_file.hpp"

namespace isotest {

// Writes the report into `destination`, opened and checked before the test ran (see
// report/atomic_file.hpp: nothing the test does to paths can redirect this host-side write). Throws isotest::Error with
// a one-line message on failure.
// The outcome's captured output is moved into the report (held once, not twice).
// Returns one line for the terminal when the test's own JUnit XML was cut, refused or ignored
// (the report's isotest.own_results says the same), else an empty string.
std::string write_junit_report(report::AtomicFileTarget& destination, const SandboxSpec& spec, Outcome&& outcome);

// The same for spec.report.junit_path, opened now; no path, no file.
std::string write_junit_report(const SandboxSpec& spec, const Outcome& outcome);

// `isotest merge -o OUT FILE|DIR...` and `isotest report FILE|DIR...`; args exclude the
// subcommand word. Return the process exit status; print one-line errors themselves.
int run_merge_command(const std::vector<std::string>& args);
int run_report_command(const std::vector<std::string>& args);

}  // namespace isotest
