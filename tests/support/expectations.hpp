// Assertions shared by the suites.
#pragma once

#include <string>

#include "isotest_run.hpp"

namespace testsupport {

// isotest's own failure as the contract words it: exit 125, nothing on stdout, exactly one
// stderr line starting "isotest: error: " and, when MENTIONED is not empty, mentioning it.
void expect_one_line_error(const RunResult& r, const std::string& mentioned = "");

}  // namespace testsupport
