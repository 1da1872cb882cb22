// Issue 2, point 5 (UTS): the hostname inside is --hostname (default localhost); the host's is
// unchanged, even when the test sets its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include "isotest_run.hpp"

namespace itest {
using namespace testsupport;

namespace {

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "<gethostname failed>";
    return name;
}

TEST(Uts, DefaultHostnameIsLocalhost) {
    const std::string before = host_name();
    const RunResult r = run_isotest({"--", "sh", "-c", "hostname; uname -n"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "localhost\nlocalhost\n") << r.describe();
    EXPECT_EQ(host_name(), before);
}

TEST(Uts, HostnameOption) {
    const std::string before = host_name();
    const RunResult r = run_isotest({"--hostname", "build-42", "--", "sh", "-c", "hostname; uname -n"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "build-42\nbuild-42\n") << r.describe();
    EXPECT_EQ(host_name(), before);
}

TEST(Uts, TestSettingItsHostnameLeavesTheHostsAlone) {
    const std::string before = host_name();
    ASSERT_NE(before, "isotest-itest-changed");
    // Whether the test may set it inside is not the point; the host's must not change.
    const RunResult r = run_isotest({"--root", "--", "sh", "-c", "hostname isotest-itest-changed"});
    EXPECT_FALSE(r.hit_limit) << r.describe();
    EXPECT_EQ(host_name(), before) << r.describe();
}

}  // namespace
}  // namespace itest
