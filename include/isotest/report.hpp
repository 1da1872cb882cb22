// JUnit XML report: the entry points main() calls. Implemented in src/report/.
#pragma once

#include <string>
#include <vector>

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"

namespace isotest {

// Writes spec.report.junit_path atomically (temp file + rename in the same directory,
// directories created as needed). Throws isotest::Error with a one-line message on failure.
void write_junit_report(const SandboxSpec& spec, const Outcome& outcome);

// `isotest merge -o OUT FILE|DIR...` and `isotest report FILE|DIR...`; args exclude the
// subcommand word. Return the process exit status; print one-line errors themselves.
int run_merge_command(const std::vector<std::string>& args);
int run_report_command(const std::vector<std::string>& args);

}  // namespace isotest
