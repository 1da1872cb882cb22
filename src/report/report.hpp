// JUnit XML report: the entry point main() calls after a run. Implemented in junit_writer.cpp.
#pragma once

#include <string>

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

}  // namespace isotest
