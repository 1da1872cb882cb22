// Issue 2, interface: --help, --version and `isotest doctor` (one line per check, exit 0 on a
// machine where the default configuration runs — this one, as the rest of the suite shows).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "isotest_run.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

TEST(CliBasics, HelpExitsZeroAndListsTheOptions) {
    const RunResult r = run_isotest({"--help"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    for (const char* option : {"--timeout", "--kill-after", "--net", "--fs", "--rw", "--tmpfs",
                               "--tmpfs-size", "--hostname", "--root", "--cwd", "--setenv",
                               "--unsetenv", "--clear-env", "--verbose", "--config"}) {
        EXPECT_TRUE(contains(r.out, option)) << option << "\n" << r.describe();
    }
}

TEST(CliBasics, VersionExitsZeroAndNamesTheVersion) {
    const RunResult r = run_isotest({"--version"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.out, ISOTEST_PROJECT_VERSION)) << r.describe();
}

TEST(CliBasics, DoctorChecksEachNamespaceAndFeatureOnALineAndPassesHere) {
    const RunResult r = run_isotest({"doctor"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(lowercase(r.out));
    for (const char* topic : {"user", "pid", "mount", "net", "ipc", "uts", "overlay", "loopback",
                              "tmpfs", "cgroup", "apparmor"}) {
        const bool mentioned = std::any_of(lines.begin(), lines.end(),
                                           [&](const std::string& line) { return contains(line, topic); });
        EXPECT_TRUE(mentioned) << "no line about " << topic << "\n" << r.describe();
    }
    for (const auto& line : lines) EXPECT_FALSE(line.empty()) << r.describe();
}

}  // namespace
}  // namespace itest
