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

bool contains(const Paths& entries, const std::string& entry) {
    return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

std::vector<std::string> entries_of(const Environment& env) {
    std::vector<std::string> entries;
    for (const auto& [name, value] : env) entries.push_back(name + "=" + value);
    return entries;
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
    SandboxSpec spec;
    const FakeHost host = bazel_host();
    apply_bazel_environment(spec, bazel_env(), host.paths());
    // The status files and the outputs directories all sit in testlogs/pkg/t: one bind.
    EXPECT_EQ(sorted(spec.rw_paths), sorted(Paths{tmpdir, testlogs}));
}

TEST(BazelEnvironment, WritablePathsOnlyWhenTheyExist) {
    SandboxSpec spec;
    FakeHost host;
    host.directories = {tmpdir};
    apply_bazel_environment(spec, bazel_env(), host.paths());
    EXPECT_EQ(spec.rw_paths, (Paths{tmpdir}));
}

TEST(BazelEnvironment, EachOutputsDirectoryOnItsOwnWhenNotUnderTestlogs) {
    SandboxSpec spec;
    FakeHost host;
    host.directories = {"/out/undeclared", "/out/annotations", "/status"};
    const Environment env{
        {"TEST_UNDECLARED_OUTPUTS_DIR", "/out/undeclared/"},
        {"TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR", "/out/annotations"},
        {"TEST_SHARD_STATUS_FILE", "/status/shard"},
    };
    apply_bazel_environment(spec, env, host.paths());
    EXPECT_EQ(sorted(spec.rw_paths), sorted(Paths{"/out/undeclared", "/out/annotations", "/status"}));
}

TEST(BazelEnvironment, ShardStatusFileDirectoryIsWritable) {
    SandboxSpec spec;
    FakeHost host;
    host.directories = {"/logs/shard_2_of_3"};
    apply_bazel_environment(spec, {{"TEST_SHARD_STATUS_FILE", "/logs/shard_2_of_3/test.shard"}}, host.paths());
    EXPECT_EQ(spec.rw_paths, (Paths{"/logs/shard_2_of_3"}));
}

TEST(BazelEnvironment, RelativeOrEmptyPathsAreIgnored) {
    SandboxSpec spec;
    FakeHost host;
    host.directories = {"_tmp", "/"};
    apply_bazel_environment(spec, {{"TEST_TMPDIR", "_tmp"}, {"TEST_UNDECLARED_OUTPUTS_DIR", ""}}, host.paths());
    EXPECT_TRUE(spec.rw_paths.empty());
}

TEST(BazelEnvironment, UserRwPathsAreKeptAndNotDuplicated) {
    SandboxSpec spec;
    spec.rw_paths = {"/data", execroot + "/_tmp/"};
    const FakeHost host = bazel_host();
    apply_bazel_environment(spec, bazel_env(), host.paths());
    EXPECT_EQ(spec.rw_paths, (Paths{"/data", execroot + "/_tmp/", testlogs}));
}

TEST(BazelEnvironment, RunfilesOutputBaseAndWorkspaceStayVisible) {
    SandboxSpec spec;
    const FakeHost host = bazel_host();
    apply_bazel_environment(spec, bazel_env(), host.paths());
    // The runfiles tree lies inside the output base, so the output base alone covers it.
    EXPECT_EQ(sorted(spec.keep_paths), sorted(Paths{base, workspace}));
}

TEST(BazelEnvironment, OutputBaseFoundWithoutSandboxToo) {
    SandboxSpec spec;
    FakeHost host;
    const std::string standalone_runfiles = base + "/execroot/ws/bazel-out/k8-fastbuild/bin/t.runfiles";
    host.directories = {base, standalone_runfiles};
    apply_bazel_environment(spec, {{"TEST_SRCDIR", standalone_runfiles}, {"TEST_WORKSPACE", "ws"}}, host.paths());
    EXPECT_EQ(spec.keep_paths, (Paths{base}));
}

TEST(BazelEnvironment, RunfilesOutsideAnExecrootAreKeptAsTheyAre) {
    SandboxSpec spec;
    FakeHost host;
    host.directories = {"/opt/runfiles"};
    apply_bazel_environment(spec, {{"RUNFILES_DIR", "/opt/runfiles"}}, host.paths());
    EXPECT_EQ(spec.keep_paths, (Paths{"/opt/runfiles"}));
}

TEST(BazelEnvironment, ReportGoesToXmlOutputFileNamedAfterTheTarget) {
    SandboxSpec spec;
    apply_bazel_environment(spec, bazel_env(), FakeHost{}.paths());
    EXPECT_EQ(spec.report.junit_path, testlogs + "/test.xml");
    EXPECT_EQ(spec.report.name, "//pkg:t");
    EXPECT_EQ(spec.report.suite, "//pkg:t");
    EXPECT_EQ(spec.report.classname, "");
}

TEST(BazelEnvironment, ExplicitReportOptionsWin) {
    SandboxSpec spec;
    spec.report.junit_path = "/reports/mine.xml";
    spec.report.name = "mine";
    spec.report.suite = "suite";
    apply_bazel_environment(spec, bazel_env(), FakeHost{}.paths());
    EXPECT_EQ(spec.report.junit_path, "/reports/mine.xml");
    EXPECT_EQ(spec.report.name, "mine");
    EXPECT_EQ(spec.report.suite, "suite");
}

TEST(BazelEnvironment, ShardedTestNameSaysWhichShard) {
    SandboxSpec spec;
    auto env = bazel_env();
    env["TEST_SHARD_INDEX"] = "1";
    env["TEST_TOTAL_SHARDS"] = "3";
    apply_bazel_environment(spec, env, FakeHost{}.paths());
    EXPECT_EQ(spec.report.name, "//pkg:t (shard 2 of 3)");
    EXPECT_EQ(spec.report.suite, "//pkg:t");
}

TEST(BazelEnvironment, TestWritesItsOwnXmlInsideTheSandbox) {
    SandboxSpec spec;
    const auto env = bazel_env();
    spec.environment = entries_of(env);
    spec.report.own_xml_inside = "/run/isotest/own.xml";
    apply_bazel_environment(spec, env, FakeHost{}.paths());
    EXPECT_TRUE(contains(spec.environment, "XML_OUTPUT_FILE=/run/isotest/own.xml"));
    EXPECT_FALSE(contains(spec.environment, "XML_OUTPUT_FILE=" + testlogs + "/test.xml"));
    // isotest itself still writes Bazel's file.
    EXPECT_EQ(spec.report.junit_path, testlogs + "/test.xml");
}

TEST(BazelEnvironment, EverythingElseInTheTestEnvironmentIsUntouched) {
    SandboxSpec spec;
    auto env = bazel_env();
    env["TEST_SHARD_INDEX"] = "0";
    env["TEST_TOTAL_SHARDS"] = "2";
    env["TESTBRIDGE_TEST_ONLY"] = "Suite.Case";
    env["TEST_SHARD_STATUS_FILE"] = testlogs + "/test.shard";
    spec.environment = entries_of(env);
    spec.report.own_xml_inside = "/run/isotest/own.xml";
    apply_bazel_environment(spec, env, bazel_host().paths());

    auto expected = env;
    expected["XML_OUTPUT_FILE"] = "/run/isotest/own.xml";
    EXPECT_EQ(environment_from_entries(spec.environment), expected);
    EXPECT_EQ(spec.environment.size(), env.size());
}

TEST(BazelEnvironment, ClearedXmlOutputFileStaysCleared) {
    SandboxSpec spec;
    spec.environment = {"PATH=/usr/bin"};
    spec.report.own_xml_inside = "/run/isotest/own.xml";
    apply_bazel_environment(spec, bazel_env(), FakeHost{}.paths());
    EXPECT_EQ(spec.environment, (Paths{"PATH=/usr/bin"}));
}

TEST(BazelEnvironment, WithoutAnInsidePathTheVariableIsLeftAlone) {
    SandboxSpec spec;
    const auto env = bazel_env();
    spec.environment = entries_of(env);
    apply_bazel_environment(spec, env, FakeHost{}.paths());
    EXPECT_EQ(environment_from_entries(spec.environment), env);
}

TEST(BazelEnvironment, OutsideBazelNothingChanges) {
    SandboxSpec spec;
    spec.environment = {"HOME=/root", "PATH=/usr/bin"};
    const FakeHost host = bazel_host();
    apply_bazel_environment(spec, environment_from_entries(spec.environment), host.paths());
    EXPECT_TRUE(spec.rw_paths.empty());
    EXPECT_TRUE(spec.keep_paths.empty());
    EXPECT_EQ(spec.report.junit_path, "");
    EXPECT_EQ(spec.report.name, "");
    EXPECT_EQ(spec.environment, (Paths{"HOME=/root", "PATH=/usr/bin"}));
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

    SandboxSpec spec;
    apply_bazel_environment(spec,
                            {{"TEST_WORKSPACE", "ws"},
                             {"TEST_SRCDIR", (output_base / "execroot/ws/bazel-out/bin/t.runfiles").string()},
                             {"TEST_UNDECLARED_OUTPUTS_DIR", (logs / "test.outputs").string()},
                             {"TEST_TMPDIR", (root / "missing").string()},
                             {"TEST_PREMATURE_EXIT_FILE", (logs / "test.exited_prematurely").string()}});
    EXPECT_EQ(spec.rw_paths, (Paths{logs.string()}));
    EXPECT_EQ(sorted(spec.keep_paths), sorted(Paths{output_base.string(), source.string()}));
    fs::remove_all(root);
}
