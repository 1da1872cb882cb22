// Issue 2, point 6 (user): the invoker's uid/gid inside (--root: 0), setgroups denied,
// no_new_privs set, no capabilities for a non-root uid; the same as root and unprivileged.
#include <gtest/gtest.h>
#include <unistd.h>

#include "invoker.hpp"
#include "isotest_run.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

TEST(User, IdsAreTheInvokers) {
    const RunResult r = run_isotest({"--", "sh", "-c", "id -u; id -g"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, std::to_string(::getuid()) + "\n" + std::to_string(::getgid()) + "\n")
        << r.describe();
}

TEST(User, RootOptionGivesUidAndGidZero) {
    const RunResult r = run_isotest({"--root", "--", "sh", "-c", "id -u; id -g"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "0\n0\n") << r.describe();
}

TEST(User, SetgroupsIsDenied) {
    for (const auto& args : {std::vector<std::string>{"--", "cat", "/proc/self/setgroups"},
                             std::vector<std::string>{"--root", "--", "cat", "/proc/self/setgroups"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "deny\n") << r.describe();
    }
}

TEST(User, NoNewPrivsIsSet) {
    for (const auto& args :
         {std::vector<std::string>{"--", "grep", "^NoNewPrivs:", "/proc/self/status"},
          std::vector<std::string>{"--root", "--", "grep", "^NoNewPrivs:", "/proc/self/status"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "NoNewPrivs:\t1\n") << r.describe();
    }
}

TEST(User, NonRootUidHasNoCapabilities) {
    const RunResult r = run_isotest({"--", "grep", "^Cap\\(Inh\\|Prm\\|Eff\\|Amb\\):", "/proc/self/status"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    if (invoked_as_root()) {
        // Root keeps uid 0 inside, so there is no non-root uid to look at; the next test shows
        // what matters for root: its capabilities do not reach the host.
        EXPECT_TRUE(r.out.starts_with("CapInh:\t")) << r.describe();
    } else {
        EXPECT_EQ(r.out,
                  "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
                  "CapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n")
            << r.describe();
    }
}

TEST(User, CapabilitiesDoNotReachTheHost) {
    // Raising priority needs CAP_SYS_NICE in the host's user namespace; harmless if it worked.
    for (const auto& args : {std::vector<std::string>{"--", "nice", "-n", "-5", "true"},
                             std::vector<std::string>{"--root", "--", "nice", "-n", "-5", "true"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "cannot set niceness")) << r.describe();
    }
}

}  // namespace
}  // namespace itest
