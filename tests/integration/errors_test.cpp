// Issue 2, point 8 (errors): every bad input gets exactly one line on stderr starting
// "isotest: error: " and exit 125; config files (--config, $ISOTEST_CONFIG) are honoured.
#include <gtest/gtest.h>

#include <filesystem>

#include "expectations.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

TEST(Errors, UnknownOption) {
    expect_one_line_error(run_isotest({"--no-such-option", "--", "true"}), "no-such-option");
}

TEST(Errors, BadNetValue) { expect_one_line_error(run_isotest({"--net", "bogus", "--", "true"}), "bogus"); }

TEST(Errors, BadFsValue) { expect_one_line_error(run_isotest({"--fs", "bogus", "--", "true"}), "bogus"); }

TEST(Errors, BadTimeoutValue) {
    expect_one_line_error(run_isotest({"--timeout", "abc", "--", "true"}), "abc");
}

TEST(Errors, BadTmpfsSizeValue) {
    expect_one_line_error(run_isotest({"--tmpfs-size", "lots", "--", "true"}), "lots");
}

TEST(Errors, MissingCommand) {
    expect_one_line_error(run_isotest({"--net", "host"}), "command");
    expect_one_line_error(run_isotest({"--"}), "command");
    expect_one_line_error(run_isotest(std::vector<std::string>{}), "command");
}

TEST(Errors, MissingRwPath) {
    const std::string missing = "/var/tmp/isotest-itest-missing-" + std::to_string(::getpid());
    ASSERT_FALSE(std::filesystem::exists(missing));
    expect_one_line_error(run_isotest({"--rw", missing, "--", "true"}), missing);
}

TEST(Errors, MissingConfigFile) {
    const std::string missing = "/var/tmp/isotest-itest-missing-" + std::to_string(::getpid()) + ".conf";
    expect_one_line_error(run_isotest({"--config", missing, "--", "true"}), missing);
}

TEST(Errors, ConfigFileThatIsADirectory) {
    ScratchDir dir(persistent_temp_parent());
    expect_one_line_error(run_isotest({"--config", dir.path().string(), "--", "true"}), dir.path().string());
}

TEST(Errors, MissingConfigFileFromEnvironment) {
    const std::string missing = "/var/tmp/isotest-itest-missing-" + std::to_string(::getpid()) + ".conf";
    RunRequest request;
    request.env["ISOTEST_CONFIG"] = missing;
    request.args = {"--", "true"};
    expect_one_line_error(run_isotest(request), missing);
}

TEST(Errors, ConfigFileWithUnknownKey) {
    ScratchDir dir(persistent_temp_parent());
    write_file(dir / "isotest.conf", "hostname = fine\nno_such_key = 1\n");
    expect_one_line_error(run_isotest({"--config", (dir / "isotest.conf").string(), "--", "true"}),
                          "no_such_key");
}

TEST(Errors, ConfigFileWithBadValue) {
    ScratchDir dir(persistent_temp_parent());
    write_file(dir / "isotest.conf", "net = bogus\n");
    expect_one_line_error(run_isotest({"--config", (dir / "isotest.conf").string(), "--", "true"}),
                          "bogus");
}

TEST(Config, ValuesFromConfigOptionAreHonoured) {
    ScratchDir dir(persistent_temp_parent());
    write_file(dir / "isotest.conf", "hostname = from-config\n");
    const RunResult r = run_isotest({"--config", (dir / "isotest.conf").string(), "--", "hostname"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "from-config\n") << r.describe();
}

TEST(Config, ValuesFromEnvironmentConfigAreHonoured) {
    ScratchDir dir(persistent_temp_parent());
    write_file(dir / "isotest.conf", "hostname = from-env-config\nfs = readonly\n");
    RunRequest request;
    request.env["ISOTEST_CONFIG"] = (dir / "isotest.conf").string();
    request.args = {"--", "sh", "-c",
                    "hostname; echo x > " + sh_quote((dir / "written").string()) + " || echo refused"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "from-env-config\nrefused\n") << r.describe();
    EXPECT_TRUE(contains(r.err, "Read-only file system")) << r.describe();
}

}  // namespace
}  // namespace itest
