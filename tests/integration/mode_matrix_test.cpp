// Every combination of --fs, --net, --root and --junit runs a real command (issue 12, item 5:
// as root, --fs readonly --junit once failed before the test ran): its exit status passes
// through, it has the uid asked for, a write outside the writable paths vanishes (overlay) or
// fails with EROFS (readonly), it sees the network asked for and, with --junit, the report is
// valid and holds the results the test wrote where it was told to.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>

#include "isotest_run.hpp"
#include "paths.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

using Mode = std::tuple<std::string, std::string, bool, bool>;  // --fs, --net, --root, --junit

// The probe's "link NAME up|down" lines, sorted.
std::string links_of(const std::string& interfaces_output) {
    std::vector<std::string> links;
    for (const auto& line : lines_of(interfaces_output)) {
        if (line.starts_with("link ")) links.push_back(line);
    }
    std::sort(links.begin(), links.end());
    std::string text;
    for (const auto& link : links) text += link + "\n";
    return text;
}

std::string expected_links(const std::string& net) {
    if (net == "loopback") return "link lo up multicast\n";
    if (net == "none") return "link lo down\n";
    RunRequest on_the_host;
    on_the_host.program = probe::interfaces;
    const RunResult host = run_isotest(on_the_host);
    EXPECT_EQ(host.exit_code, 0) << host.describe();
    return links_of(host.out);
}

// Prints the uid, what became of a write in the cwd, the network links, and whether the test's
// own JUnit XML went where isotest said; exits 3.
constexpr const char* kScript =
    "id -u; "
    "if echo x > written 2>error; then echo write: succeeded; else echo write: failed; cat error >&2; fi; "
    "echo links:; \"$1\" | grep '^link ' | sort; "
    "if [ -n \"$XML_OUTPUT_FILE\" ]; then "
    "  printf '<testsuite name=\"own\"><testcase name=\"own_case\" classname=\"own\"/></testsuite>' "
    "    > \"$XML_OUTPUT_FILE\" && echo own results: written; "
    "fi; "
    "exit 3";

class ModeMatrix : public ::testing::TestWithParam<Mode> {};

TEST_P(ModeMatrix, RunsARealCommand) {
    const auto& [fs_mode, net, root, junit] = GetParam();
    ScratchDir work, reports;
    const fs::path report = reports / "report.xml";
    RunRequest request;
    request.cwd = work.path();
    request.args = {"--fs", fs_mode, "--net", net};
    if (root) request.args.push_back("--root");
    if (junit) request.args.insert(request.args.end(), {"--junit", report.string()});
    request.args.insert(request.args.end(), {"--", "sh", "-c", kScript, "sh", probe::interfaces});
    const RunResult r = run_isotest(request);

    ASSERT_EQ(r.exit_code, 3) << r.describe();
    const bool writable = fs_mode == "overlay";
    std::string expected = std::to_string(root ? 0 : ::geteuid()) + "\n" +
                           (writable ? "write: succeeded\n" : "write: failed\n") + "links:\n" + expected_links(net) +
                           (junit ? "own results: written\n" : "");
    EXPECT_EQ(r.out, expected) << r.describe();
    if (!writable) {
        EXPECT_TRUE(contains(r.err, "Read-only file system")) << r.describe();
    }
    EXPECT_FALSE(fs::exists(work / "written")) << "a write reached the host";
    EXPECT_FALSE(fs::exists(work / "error")) << "a write reached the host";

    if (!junit) return;
    const std::string xml = read_file_if_exists(report);
    EXPECT_EQ(junit_property(xml, "isotest.own_results"), "merged 1 test case") << xml;
    EXPECT_TRUE(contains(xml, "name=\"own_case\"")) << xml;
    // isotest's own reader takes it, and finds the run's failure (exit 3) in it.
    const RunResult read = run_isotest({"report", report.string()});
    EXPECT_EQ(read.exit_code, 1) << read.describe();
}

std::string mode_name(const ::testing::TestParamInfo<Mode>& info) {
    const auto& [fs_mode, net, root, junit] = info.param;
    return fs_mode + "_" + net + (root ? "_root" : "_ownids") + (junit ? "_junit" : "_plain");
}

INSTANTIATE_TEST_SUITE_P(EveryMode, ModeMatrix,
                         ::testing::Combine(::testing::Values("overlay", "readonly"),
                                            ::testing::Values("loopback", "none", "host"), ::testing::Bool(),
                                            ::testing::Bool()),
                         mode_name);

}  // namespace
}  // namespace itest
