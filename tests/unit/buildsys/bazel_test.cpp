#include "buildsys/bazel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace isotest;

namespace {

// The layout `bazel test` gives a sandboxed test of //pkg:t in workspace "ws" (as seen on
// Bazel 4.2.3 with --output_user_root=/tmp/bz).
const std::string base = "/tmp/bz/0123abcd";
const std::string execroot = base + "/sandbox/linux-sandbox/7/execroot/ws";
const std::string testlogs = execroot + "/bazel-out/k8-fastbuild/testlogs/pkg/t";
const std::string runfiles = execroot + "/bazel-out/k8-fastbuild/bin/pkg/t.runfiles";
const std::string tmpdir = execroot + "/_tmp/5d41402abc4b2a76";
const std::string workspace = "/home/me/ws";

Environment bazel_env() {
    return {
        {"TEST_TARGET", "//pkg:t"},
        {"TEST_WORKSPACE", "ws"},
        {"TEST_SRCDIR", runfiles},
        {"RUNFILES_DIR", runfiles},
        {"TEST_TMPDIR", tmpdir},
        {"XML_OUTPUT_FILE", testlogs + "/test.xml"},
        {"TEST_UNDECLARED_OUTPUTS_DIR", testlogs + "/test.outputs"},
        {"TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR", testlogs + "/test.outputs_manifest"},
        {"TEST_WARNINGS_OUTPUT_FILE", testlogs + "/test.warnings"},
        {"TEST_PREMATURE_EXIT_FILE", testlogs + "/test.exited_prematurely"},
        {"TEST_INFRASTRUCTURE_FAILURE_FILE", testlogs + "/test.infrastructure_failure"},
        {"TEST_UNUSED_RUNFILES_LOG_FILE", testlogs + "/test.unused_runfiles_log"},
        {"TEST_LOGSPLITTER_OUTPUT_FILE", testlogs + "/test.raw_splitlogs/test.splitlogs"},
    };
}

// A host on which exactly `directories` exist and `links` are the symbolic links.
struct FakeHost {
    std::set<std::string> directories;
    std::map<std::string, std::string> links;

    HostPaths paths() const {
        return HostPaths{
            [this](const std::string& path) { return directories.count(path) > 0; },
            [this](const std::string& path) -> std::optional<std::string> {
                const auto found = links.find(path);
                if (found == links.end()) return std::nullopt;
                return found->second;
            },
        };
    }
};

// Everything Bazel creates before it starts the test.
FakeHost bazel_host() {
    FakeHost host;
    host.directories = {base, runfiles, tmpdir, testlogs, testlogs + "/test.outputs",
                        testlogs + "/test.outputs_manifest", testlogs + "/test.raw_splitlogs", workspace};
    host.links[base + "/execroot/ws/WORKSPACE"] = workspace + "/WORKSPACE";
    return host;
}

using Paths = std::vector<std::string>;

Paths sorted(Paths paths) {
    std::sort(paths.begin(), paths.end());
    return paths;
}

BazelTest read(const Environment& env, const FakeHost& host) {
    const auto test = read_bazel_test(env, host.paths());
    return test.value_or(BazelTest{});
}

}  // namespace

TEST(BazelEnvironment, RecognisedByTestTargetOrXmlOutputFile) {
    EXPECT_TRUE(is_bazel_test_environment({{"TEST_TARGET", "//:t"}}));
    EXPECT_TRUE(is_bazel_test_environment({{"XML_OUTPUT_FILE", "/x/test.xml"}}));
    EXPECT_FALSE(is_bazel_test_environment({{"TEST_TMPDIR", "/x"}, {"HOME", "/root"}}));
    EXPECT_FALSE(is_bazel_test_environment({{"TEST_TARGET", ""}}));
}

TEST(BazelEnvironment, ParsesEnvironmentEntries) {
    const auto env = environment_from_entries({"A=1", "B=x=y", "NOEQUALS", "=nameless", "A=2", "EMPTY="});
    EXPECT_EQ(env, (Environment{{"A", "2"}, {"B", "x=y"}, {"EMPTY", ""}}));
}

TEST(BazelEnvironment, MakesTmpdirOutputsAndStatusFileDirectoryWritable) {
    const FakeHost host = bazel_host();
    // The status files and the outputs directories all sit in testlogs/pkg/t: one bind.
    EXPECT_EQ(sorted(read(bazel_env(), host).writable_dirs), sorted(Paths{tmpdir, testlogs}));
}

TEST(BazelEnvironment, WritablePathsOnlyWhenTheyExist) {
    FakeHost host;
    host.directories = {tmpdir};
    EXPECT_EQ(read(bazel_env(), host).writable_dirs, (Paths{tmpdir}));
}

TEST(BazelEnvironment, EachOutputsDirectoryOnItsOwnWhenNotUnderTestlogs) {
    FakeHost host;
    host.directories = {"/out/undeclared", "/out/annotations", "/status"};
    const Environment env{
        {"TEST_TARGET", "//pkg:t"},
        {"TEST_UNDECLARED_OUTPUTS_DIR", "/out/undeclared/"},
        {"TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR", "/out/annotations"},
        {"TEST_SHARD_STATUS_FILE", "/status/shard"},
    };
    EXPECT_EQ(sorted(read(env, host).writable_dirs), sorted(Paths{"/out/undeclared", "/out/annotations", "/status"}));
}

TEST(BazelEnvironment, ShardStatusFileDirectoryIsWritable) {
    FakeHost host;
    host.directories = {"/logs/shard_2_of_3"};
    const Environment env{{"TEST_TARGET", "//pkg:t"}, {"TEST_SHARD_STATUS_FILE", "/logs/shard_2_of_3/test.shard"}};
    EXPECT_EQ(read(env, host).writable_dirs, (Paths{"/logs/shard_2_of_3"}));
}

TEST(BazelEnvironment, RelativeOrEmptyPathsAreIgnored) {
    FakeHost host;
    host.directories = {"_tmp", "/"};
    const Environment env{{"TEST_TARGET", "//pkg:t"}, {"TEST_TMPDIR", "_tmp"}, {"TEST_UNDECLARED_OUTPUTS_DIR", ""}};
    EXPECT_TRUE(read(env, host).writable_dirs.empty());
}

TEST(BazelEnvironment, RunfilesOutputBaseAndWorkspaceStayVisible) {
    const FakeHost host = bazel_host();
    // The runfiles tree lies inside the output base, so the output base alone covers it.
    EXPECT_EQ(sorted(read(bazel_env(), host).visible_dirs), sorted(Paths{base, workspace}));
}

TEST(BazelEnvironment, OutputBaseFoundWithoutSandboxToo) {
    FakeHost host;
    const std::string standalone_runfiles = base + "/execroot/ws/bazel-out/k8-fastbuild/bin/t.runfiles";
    host.directories = {base, standalone_runfiles};
    const Environment env{{"TEST_TARGET", "//:t"}, {"TEST_SRCDIR", standalone_runfiles}, {"TEST_WORKSPACE", "ws"}};
    EXPECT_EQ(read(env, host).visible_dirs, (Paths{base}));
}

TEST(BazelEnvironment, RunfilesOutsideAnExecrootAreKeptAsTheyAre) {
    FakeHost host;
    host.directories = {"/opt/runfiles"};
    EXPECT_EQ(read({{"TEST_TARGET", "//:t"}, {"RUNFILES_DIR", "/opt/runfiles"}}, host).visible_dirs,
              (Paths{"/opt/runfiles"}));
}

TEST(BazelEnvironment, ReportGoesToXmlOutputFileNamedAfterTheTarget) {
    const BazelTest test = read(bazel_env(), FakeHost{});
    EXPECT_EQ(test.xml_output_file, testlogs + "/test.xml");
    EXPECT_EQ(test.name, "//pkg:t");
    EXPECT_EQ(test.suite, "//pkg:t");
}

TEST(BazelEnvironment, ShardedTestNameSaysWhichShard) {
    auto env = bazel_env();
    env["TEST_SHARD_INDEX"] = "1";
    env["TEST_TOTAL_SHARDS"] = "3";
    const BazelTest test = read(env, FakeHost{});
    EXPECT_EQ(test.name, "//pkg:t (shard 2 of 3)");
    EXPECT_EQ(test.suite, "//pkg:t");
}

TEST(BazelEnvironment, XmlOutputFileSetButEmptyIsNoReport) {
    auto env = bazel_env();
    env["XML_OUTPUT_FILE"] = "";
    const BazelTest test = read(env, FakeHost{});
    EXPECT_EQ(test.xml_output_file, "");
    EXPECT_EQ(test.name, "//pkg:t");
    EXPECT_FALSE(read_bazel_test({{"XML_OUTPUT_FILE", ""}}, FakeHost{}.paths()).has_value()) << "not Bazel on its own";
}

TEST(BazelEnvironment, OutsideBazelThereIsNothingToRead) {
    const FakeHost host = bazel_host();
    EXPECT_FALSE(read_bazel_test({{"HOME", "/root"}, {"PATH", "/usr/bin"}, {"TEST_TMPDIR", tmpdir}}, host.paths()));
}

// real_host_paths() against a real directory tree laid out like Bazel's.
TEST(BazelEnvironment, RealHostPathsSeeRealDirectoriesAndLinks) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "isotest-bazel-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const fs::path root = pattern;
    const fs::path output_base = root / "base";
    const fs::path logs = output_base / "execroot/ws/bazel-out/testlogs/t";
    const fs::path source = root / "src";
    fs::create_directories(logs / "test.outputs");
    fs::create_directories(output_base / "execroot/ws/bazel-out/bin/t.runfiles");
    fs::create_directories(source);
    std::ofstream(source / "WORKSPACE") << "workspace(name = \"ws\")\n";
    fs::create_symlink(source / "WORKSPACE", output_base / "execroot/ws/WORKSPACE");

    const auto test = read_bazel_test({{"TEST_TARGET", "//:t"},
                                       {"TEST_WORKSPACE", "ws"},
                                       {"TEST_SRCDIR", (output_base / "execroot/ws/bazel-out/bin/t.runfiles").string()},
                                       {"TEST_UNDECLARED_OUTPUTS_DIR", (logs / "test.outputs").string()},
                                       {"TEST_TMPDIR", (root / "missing").string()},
                                       {"TEST_PREMATURE_EXIT_FILE", (logs / "test.exited_prematurely").string()}});
    ASSERT_TRUE(test.has_value());
    EXPECT_EQ(test->writable_dirs, (Paths{logs.string()}));
    EXPECT_EQ(sorted(test->visible_dirs), sorted(Paths{output_base.string(), source.string()}));
    fs::remove_all(root);
}
