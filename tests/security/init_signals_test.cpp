// Issue 6: signals the test sends to its init. init forwards what isotest receives from
// outside; a signal the test itself sends to PID 1 is not isotest being told to stop.
#include <gtest/gtest.h>

#include "isotest_run.hpp"

namespace sectest {
using namespace testsupport;

namespace {

const std::vector<std::vector<std::string>> kIdentities = {{}, {"--root"}};

TEST(Init, DoesNotBounceTheTestsSignalsBackAtIt) {
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {"kill -TERM 1; kill -INT 1; kill -HUP 1; sleep 0.1; echo alive; exit 7"});
        EXPECT_EQ(r.exit_code, 7) << r.describe();
        EXPECT_EQ(r.out, "alive\n") << r.describe();
    }
}

}  // namespace
}  // namespace sectest
