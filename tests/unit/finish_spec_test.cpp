// The finishing step against a fake host: every default, the switches a report turns on, the
// Bazel cases, and path options normalised once.
#include "cli/finish_spec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include "cli/options.hpp"
#include "isotest/paths.hpp"

using namespace isotest;
using namespace isotest::cli;

namespace {

using Paths = std::vector<std::string>;

// A host with exactly these directories and files; `links` are symbolic links (absolute
// target); every path handed to real_path is recorded.
struct FakeHost {
    std::set<std::string> directories{"/", "/work", "/work/build", "/data", "/root", "/usr/bin"};
    std::set<std::string> files{"/usr/bin/t", "/work/build/t", "/data/input.txt"};
    std::map<std::string, std::string> links{{"/work/link", "/data"}};
    mutable Paths resolved;

    HostFiles files_api() const {
        return HostFiles{
            [this](const std::string& path, int& error) -> std::string {
                resolved.push_back(path);
                // Only absolute, normalised paths reach the host: the step normalised them first.
                EXPECT_EQ(path, paths::normalize(path));
                const auto link = links.find(path);
                const std::string target = link == links.end() ? path : link->second;
                error = directories.count(target) || files.count(target) ? 0 : ENOENT;
                return error == 0 ? target : "";
            },
            [this](const std::string& path, bool& directory) {
                directory = directories.count(paths::normalize(path)) > 0;
                return directory || files.count(paths::normalize(path)) > 0;
            },
            [this](const std::string& name, const std::string& cwd, const std::string&) -> std::string {
                const std::string path = name.find('/') == std::string::npos ? "/usr/bin/" + name : paths::absolute(name, cwd);
                if (!files.count(path)) throw Error("command not found: " + name, exit_code::not_found);
                return path;
            },
        };
    }
};

RequestedSpec running(Paths command) {
    RequestedSpec requested;
    requested.spec.command = std::move(command);
    requested.spec.environment = {"PATH=/usr/bin", "HOME=/root"};
    return requested;
}

Caller caller(std::optional<BazelTest> bazel = std::nullopt) {
    return Caller{{"PATH=/usr/bin", "HOME=/root"}, "/work", std::move(bazel)};
}

SandboxSpec finish(RequestedSpec requested, const Caller& from = caller(), const FakeHost& host = FakeHost{}) {
    std::optional<Error> command_error;
    SandboxSpec spec = finish_spec(std::move(requested), from, host.files_api(), command_error);
    EXPECT_FALSE(command_error) << command_error->what();
    return spec;
}

// What `bazel test` hands a test of //pkg:t.
BazelTest bazel_test() {
    BazelTest test;
    test.writable_dirs = {"/bazel/testlogs/pkg/t", "/bazel/tmp"};
    test.visible_dirs = {"/bazel/base"};
    test.xml_output_file = "/bazel/testlogs/pkg/t/test.xml";
    test.name = test.suite = "//pkg:t";
    return test;
}

Caller under_bazel(BazelTest test = bazel_test()) {
    Caller from = caller(test);
    from.environment.push_back("XML_OUTPUT_FILE=" + test.xml_output_file);
    return from;
}

std::string variable(const SandboxSpec& spec, const std::string& name) { return environment_value(spec.environment, name); }

bool has_variable(const SandboxSpec& spec, const std::string& name) {
    return std::any_of(spec.environment.begin(), spec.environment.end(),
                       [&](const std::string& entry) { return entry.starts_with(name + "="); });
}

// The switches a report turns on, all on or all off (-v turns on some: see its test).
void expect_report_switches(const SandboxSpec& spec, bool on) {
    EXPECT_EQ(spec.capture_output, on);
    EXPECT_EQ(spec.report_leftovers, on);
    EXPECT_EQ(spec.record_network, on);
    EXPECT_EQ(spec.report.own_xml_inside, on ? kOwnXmlInside : "");
}

}  // namespace

TEST(FinishSpec, NamesDefaultToTheCommandsBasename) {
    const SandboxSpec spec = finish(running({"build/t", "--flag"}));
    EXPECT_EQ(spec.executable, "/work/build/t");
    EXPECT_EQ(spec.report.name, "t");
    EXPECT_EQ(spec.report.suite, "t");
    EXPECT_EQ(spec.report.classname, "t") << "as CTest's --output-junit: each test its own class";
}

TEST(FinishSpec, GivenNamesWinAndTheClassnameFollowsTheName) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.name = "case";
    SandboxSpec spec = finish(requested);
    EXPECT_EQ(spec.report.name, "case");
    EXPECT_EQ(spec.report.suite, "case");
    EXPECT_EQ(spec.report.classname, "case");

    requested.spec.report.suite = "suite";
    requested.spec.report.classname = "pkg.Class";
    spec = finish(requested);
    EXPECT_EQ(spec.report.suite, "suite");
    EXPECT_EQ(spec.report.classname, "pkg.Class");
}

TEST(FinishSpec, AnEmptyCommandIsReportedAsTest) {
    std::optional<Error> command_error;
    const SandboxSpec spec = finish_spec(running({""}), caller(), FakeHost{}.files_api(), command_error);
    ASSERT_TRUE(command_error);
    EXPECT_EQ(command_error->exit_status(), exit_code::not_found);
    EXPECT_EQ(spec.report.name, "test");
    EXPECT_EQ(spec.report.classname, "test");
    EXPECT_EQ(spec.report.suite, "test");
}

TEST(FinishSpec, ACommandNotFoundStillGetsItsReportButNoKeepPaths) {
    RequestedSpec requested = running({"missing"});
    requested.spec.report.junit_path = "out/r.xml";
    std::optional<Error> command_error;
    const SandboxSpec spec = finish_spec(requested, caller(), FakeHost{}.files_api(), command_error);
    ASSERT_TRUE(command_error);
    EXPECT_EQ(spec.report.junit_path, "/work/out/r.xml");
    EXPECT_EQ(spec.report.name, "missing");
    EXPECT_TRUE(spec.keep_paths.empty());
    EXPECT_TRUE(spec.executable.empty());
}

TEST(FinishSpec, WithoutAReportNothingIsCapturedScannedOrWired) {
    const SandboxSpec spec = finish(running({"t"}));
    EXPECT_EQ(spec.report.junit_path, "");
    expect_report_switches(spec, false);
    EXPECT_FALSE(has_variable(spec, "GTEST_OUTPUT"));
    EXPECT_FALSE(has_variable(spec, "XML_OUTPUT_FILE"));
    EXPECT_EQ(spec.environment, (Paths{"PATH=/usr/bin", "HOME=/root"}));
}

TEST(FinishSpec, AReportCapturesScansRecordsAndWiresTheTestsOwnResults) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.junit_path = "../out/./r.xml";
    const SandboxSpec spec = finish(requested);
    EXPECT_EQ(spec.report.junit_path, "/out/r.xml");
    expect_report_switches(spec, true);
    EXPECT_EQ(variable(spec, "GTEST_OUTPUT"), std::string("xml:") + kOwnXmlInside);
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), kOwnXmlInside);
}

TEST(FinishSpec, TheTestsOwnGtestOutputIsLeftAlone) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.junit_path = "/r.xml";
    requested.spec.environment.push_back("GTEST_OUTPUT=json:/tmp/mine.json");
    const SandboxSpec spec = finish(requested);
    EXPECT_EQ(variable(spec, "GTEST_OUTPUT"), "json:/tmp/mine.json");
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), kOwnXmlInside);
}

TEST(FinishSpec, VerboseScansAndRecordsButCapturesAndWiresNothing) {
    RequestedSpec requested = running({"t"});
    requested.spec.verbose = true;
    const SandboxSpec spec = finish(requested);
    EXPECT_FALSE(spec.capture_output);
    EXPECT_TRUE(spec.report_leftovers);
    EXPECT_TRUE(spec.record_network);
    EXPECT_EQ(spec.report.own_xml_inside, "");
    EXPECT_FALSE(has_variable(spec, "XML_OUTPUT_FILE"));
}

TEST(FinishSpec, RecordNetworkIsNeverTheDefaultWithTheHostsNetwork) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.junit_path = "/r.xml";
    requested.spec.net = NetMode::host;
    EXPECT_FALSE(finish(requested).record_network);
    requested.spec.net = NetMode::none;
    EXPECT_TRUE(finish(requested).record_network);
}

TEST(FinishSpec, AnExplicitRecordNetworkWins) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.junit_path = "/r.xml";
    requested.record_network = false;
    EXPECT_FALSE(finish(requested).record_network);
    requested = running({"t"});
    requested.record_network = true;
    EXPECT_TRUE(finish(requested).record_network);
}

TEST(FinishSpec, BazelWithoutJunitReportsToXmlOutputFileUnderTheTargetsName) {
    const SandboxSpec spec = finish(running({"t"}), under_bazel());
    EXPECT_EQ(spec.report.junit_path, "/bazel/testlogs/pkg/t/test.xml");
    EXPECT_EQ(spec.report.name, "//pkg:t");
    EXPECT_EQ(spec.report.suite, "//pkg:t");
    EXPECT_EQ(spec.report.classname, "//pkg:t");
    expect_report_switches(spec, true);
    // The test writes its own XML inside, where init reads it back; isotest writes Bazel's file.
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), kOwnXmlInside);
    EXPECT_EQ(variable(spec, "GTEST_OUTPUT"), std::string("xml:") + kOwnXmlInside);
}

TEST(FinishSpec, JunitPlusBazelWritesTheJunitFileWithTheNamesGiven) {
    RequestedSpec requested = running({"t"});
    requested.spec.report.junit_path = "/reports/mine.xml";
    requested.spec.report.name = "mine";
    const SandboxSpec spec = finish(requested, under_bazel());
    EXPECT_EQ(spec.report.junit_path, "/reports/mine.xml");
    EXPECT_EQ(spec.report.name, "mine");
    EXPECT_EQ(spec.report.suite, "//pkg:t") << "Bazel's suite where none is given";
    EXPECT_EQ(spec.report.classname, "mine");
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), kOwnXmlInside) << "never Bazel's file: isotest writes that";
    EXPECT_EQ(spec.report.own_xml_inside, kOwnXmlInside);
}

TEST(FinishSpec, XmlOutputFileSetButEmptyIsNoReportAndStaysEmpty) {
    BazelTest test = bazel_test();
    test.xml_output_file = "";
    RequestedSpec requested = running({"t"});
    requested.spec.environment.push_back("XML_OUTPUT_FILE=");
    const SandboxSpec spec = finish(requested, under_bazel(test));
    EXPECT_EQ(spec.report.junit_path, "");
    expect_report_switches(spec, false);
    EXPECT_TRUE(has_variable(spec, "XML_OUTPUT_FILE"));
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), "") << "not pointed at a results file nobody reads";
    EXPECT_EQ(spec.report.name, "//pkg:t");
}

TEST(FinishSpec, AnUnsetXmlOutputFileIsSetAgainWhereAReportIsWritten) {
    RequestedSpec requested = running({"t"});
    requested.spec.environment = {"PATH=/usr/bin"};  // --unsetenv XML_OUTPUT_FILE
    const SandboxSpec spec = finish(requested, under_bazel());
    EXPECT_EQ(variable(spec, "XML_OUTPUT_FILE"), kOwnXmlInside);
}

TEST(FinishSpec, EveryOtherVariableIsLeftAsItIs) {
    RequestedSpec requested = running({"t"});
    requested.spec.environment = {"TEST_SHARD_INDEX=0", "XML_OUTPUT_FILE=/bazel/testlogs/pkg/t/test.xml", "A=1"};
    const SandboxSpec spec = finish(requested, under_bazel());
    EXPECT_EQ(spec.environment, (Paths{"TEST_SHARD_INDEX=0", "A=1", std::string("GTEST_OUTPUT=xml:") + kOwnXmlInside,
                                       std::string("XML_OUTPUT_FILE=") + kOwnXmlInside}));
}

TEST(FinishSpec, BazelsDirectoriesJoinTheUsersUnlessCoveredAlready) {
    RequestedSpec requested = running({"t"});
    requested.spec.rw_paths = {"/data"};
    BazelTest test = bazel_test();
    test.writable_dirs = {"/data/tmp", "/bazel/testlogs/pkg/t"};
    FakeHost host;
    host.directories.insert("/bazel");
    const SandboxSpec spec = finish(requested, under_bazel(test), host);
    EXPECT_EQ(spec.rw_paths, (Paths{"/data", "/bazel/testlogs/pkg/t"}));
    EXPECT_EQ(spec.keep_paths.front(), "/bazel/base") << "Bazel's, then the test's own";
}

TEST(FinishSpec, RwPathsAreNormalisedOnceWhateverTheirSpelling) {
    for (const std::string given : {"../data", "/work/../data/", "/data//./", "link", "/data"}) {
        RequestedSpec requested = running({"t"});
        requested.spec.rw_paths = {given};
        FakeHost host;
        const SandboxSpec spec = finish(requested, caller(), host);
        EXPECT_EQ(spec.rw_paths, (Paths{"/data"})) << given;
        EXPECT_EQ(std::count(host.resolved.begin(), host.resolved.end(), paths::absolute(given, "/work")), 1) << given;
    }
}

TEST(FinishSpec, AMissingRwPathIsRefusedWithTheFix) {
    RequestedSpec requested = running({"t"});
    requested.spec.rw_paths = {"gone/"};
    std::optional<Error> command_error;
    try {
        finish_spec(requested, caller(), FakeHost{}.files_api(), command_error);
        ADD_FAILURE() << "no error";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "--rw gone/: No such file or directory (create it first, or drop the option)");
        EXPECT_EQ(error.exit_status(), exit_code::isotest_failure);
    }
}

TEST(FinishSpec, OtherPathOptionsAreMadeAbsoluteAgainstTheCallersDirectory) {
    RequestedSpec requested = running({"t"});
    requested.spec.cwd = "build/";
    requested.spec.tmpfs_paths = {"scratch/../cache/"};
    requested.spec.keep_writes_dir = "kept";
    const SandboxSpec spec = finish(requested);
    EXPECT_EQ(spec.cwd, "/work/build");
    EXPECT_EQ(spec.tmpfs_paths, (Paths{"/work/cache"}));
    EXPECT_EQ(spec.keep_writes_dir, "/work/kept");
}

TEST(FinishSpec, KeepPathsAreTheCwdTheExecutableHomeKeepAndArguments) {
    RequestedSpec requested = running({"t", "/data/input.txt", "/work/build/", "/missing", "relative"});
    requested.spec.keep_paths = {"link"};
    const SandboxSpec spec = finish(requested);
    EXPECT_EQ(spec.keep_paths, (Paths{"/work", "/usr/bin", "/root", "/data", "/data", "/work/build"}));
}
