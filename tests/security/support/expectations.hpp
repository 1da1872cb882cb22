// Assertions shared by the security and fault suites.
#pragma once

#include <gtest/gtest.h>

#include "host.hpp"
#include "run.hpp"

namespace sectest {

// isotest's own failure as the contract words it: exit 125, one line "isotest: error: ...".
inline void expect_one_line_error(const RunResult& r) {
    EXPECT_EQ(r.exit_code, 125) << r.describe();
    EXPECT_EQ(r.killed_by_signal, 0) << r.describe();
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.describe();
    EXPECT_EQ(r.err.rfind("isotest: error: ", 0), 0u) << r.describe();
}

}  // namespace sectest
