// Issue 6, hostile input: an empty option value is an error that names the option.
#include <gtest/gtest.h>

#include "expectations.hpp"
#include "isotest_run.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

TEST(HostileInput, EmptyOptionValuesNameTheOption) {
    for (const char* option : {"--hostname", "--net", "--timeout", "--memory", "--rw"}) {
        const RunResult r = run_isotest({option, "", "--", "true"});
        expect_one_line_error(r);
        EXPECT_TRUE(contains(r.err, option)) << r.describe();
        // Not a list of every option isotest has.
        EXPECT_FALSE(contains(r.err, "ambiguous")) << r.describe();
    }
}

}  // namespace
}  // namespace sectest
