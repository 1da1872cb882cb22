#include "expectations.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "text.hpp"

namespace testsupport {

void expect_one_line_error(const RunResult& r, const std::string& mentioned) {
    EXPECT_EQ(r.exit_code, 125) << r.describe();
    EXPECT_TRUE(r.err.starts_with("isotest: error: ")) << r.describe();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.describe();
    EXPECT_TRUE(r.err.ends_with("\n")) << r.describe();
    if (!mentioned.empty()) {
        EXPECT_TRUE(contains(r.err, mentioned)) << "should mention " << mentioned << "\n" << r.describe();
    }
    EXPECT_EQ(r.out, "") << r.describe();
}

}  // namespace testsupport
