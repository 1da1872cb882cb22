// Issue 2, interface: --cwd, --setenv, --unsetenv, --clear-env and -v/--verbose.
#include <gtest/gtest.h>

#include <set>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

TEST(Environment, CwdOption) {
    ScratchDir dir(persistent_temp_parent());
    const RunResult r = run_isotest({"--cwd", dir.path().string(), "--", "pwd"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, dir.path().string() + "\n") << r.describe();
}

TEST(Environment, CwdDefaultsToTheInvokersCwd) {
    ScratchDir dir(persistent_temp_parent());
    RunRequest request;
    request.cwd = dir.path();
    request.args = {"--", "pwd"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, dir.path().string() + "\n") << r.describe();
}

TEST(Environment, InheritedByDefault) {
    RunRequest request;
    request.env["ISOTEST_ITEST_INHERITED"] = "value with spaces";
    request.args = {"--", "sh", "-c", "echo \"$ISOTEST_ITEST_INHERITED\""};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "value with spaces\n") << r.describe();
}

TEST(Environment, SetenvAndUnsetenv) {
    RunRequest request;
    request.env["ISOTEST_ITEST_DROPPED"] = "x";
    request.args = {"--setenv", "ISOTEST_ITEST_SET=a=b", "--unsetenv", "ISOTEST_ITEST_DROPPED", "--",
                    "sh", "-c", "echo \"$ISOTEST_ITEST_SET\" \"${ISOTEST_ITEST_DROPPED-unset}\""};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "a=b unset\n") << r.describe();
}

TEST(Environment, ClearEnvKeepsOnlyWhatSetenvNames) {
    RunRequest request;
    request.env["ISOTEST_ITEST_DROPPED"] = "x";
    request.args = {"--clear-env", "--setenv", "ISOTEST_ITEST_KEPT=y", "--", "/usr/bin/env"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "ISOTEST_ITEST_KEPT=y\n") << r.describe();
}

TEST(Environment, VerboseReportsSetupStepsOnStderr) {
    const RunResult quiet = run_isotest({"--", "true"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.describe();
    EXPECT_EQ(quiet.err, "") << quiet.describe();
    for (const char* flag : {"-v", "--verbose"}) {
        const RunResult r = run_isotest({flag, "--", "true"});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "") << r.describe();
        const auto lines = lines_of(r.err);
        EXPECT_GE(lines.size(), 2u) << r.describe();
        for (const auto& line : lines) EXPECT_TRUE(line.starts_with("isotest: ")) << r.describe();
    }
}

}  // namespace
}  // namespace itest
