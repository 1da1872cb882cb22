// Assertions shared by several test files.
#pragma once

#include <string>

#include "isotest_run.hpp"

namespace itest {

// isotest's own failure: exit 125, nothing on stdout, exactly one stderr line starting
// "isotest: error: " and mentioning MENTIONED.
void expect_one_line_error(const RunResult& r, const std::string& mentioned);

}  // namespace itest
