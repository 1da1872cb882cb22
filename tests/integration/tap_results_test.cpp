// Issue 13.8: a runner that prints TAP becomes test cases in the report with --results tap — a
// real script run under the real binary, its report valid against the JUnit schema; without
// the option, the same run is one test case as before.
#include <gtest/gtest.h>

#include <filesystem>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "xmllint.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// TAP 14 with a subtest, a YAML block, SKIP, TODO, and a plan one test longer than what runs.
constexpr const char* kTapScript = R"SH(
echo 'TAP version 14'
echo '1..5'
echo 'ok 1 - starts'
echo '    # Subtest: parser'
echo '    1..2'
echo '    ok 1 - numbers'
echo '    not ok 2 - strings'
echo '      ---'
echo '      message: Expected 42 Was 41'
echo '      ...'
echo 'not ok 2 - parser'
echo 'ok 3 - network # SKIP no network here'
echo 'not ok 4 - future # TODO not written yet'
echo 'the runner crashed' >&2
exit 1
)SH";

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

struct TapRun {
    RunResult run;
    std::string xml;
};

TapRun run_tap_script(const ScratchDir& scratch, std::vector<std::string> options) {
    const fs::path script = scratch / "tap.sh";
    write_file(script, kTapScript);
    const fs::path report = scratch / "report.xml";
    RunRequest request;
    request.args = std::move(options);
    request.args.insert(request.args.end(), {"--junit", report.string(), "--", "sh", script.string()});
    TapRun result{run_isotest(request), ""};
    result.xml = read_file_if_exists(report);
    EXPECT_TRUE(xmllint_accepts(report, kJunitSchema)) << result.xml;
    return result;
}

TEST(TapResults, TapOnStdoutBecomesTestCases) {
    ScratchDir scratch;
    const TapRun tap = run_tap_script(scratch, {"--results", "tap"});
    EXPECT_EQ(tap.run.exit_code, 1) << tap.run.describe();
    // stdout still reaches the caller unchanged.
    EXPECT_TRUE(contains(tap.run.out, "not ok 2 - parser\n")) << tap.run.describe();
    const std::string& xml = tap.xml;
    // starts, parser/numbers, parser/strings (failed), network (skipped), future (TODO: skipped),
    // test 5 (missing: an error). The run's exit 1 is explained by the failures: no case of its own.
    EXPECT_TRUE(contains(xml, "<testsuites tests=\"6\" failures=\"1\" errors=\"1\"")) << xml;
    EXPECT_TRUE(contains(xml, "tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"2\"")) << xml;
    EXPECT_TRUE(contains(xml, "name=\"parser/numbers\"")) << xml;
    EXPECT_TRUE(contains(xml, "name=\"parser/strings\"")) << xml;
    EXPECT_TRUE(contains(xml, "message=\"not ok 2 - strings\"")) << xml;
    EXPECT_TRUE(contains(xml, "message: Expected 42 Was 41")) << xml;
    EXPECT_TRUE(contains(xml, "message=\"SKIP: no network here\"")) << xml;
    EXPECT_TRUE(contains(xml, "message=\"TODO (not ok, expected to fail): not written yet\"")) << xml;
    EXPECT_TRUE(contains(xml, "type=\"tap.Missing\" message=\"test 5 of plan 1..5 was never reported\"")) << xml;
    EXPECT_EQ(occurrences(xml, "<testcase "), 6u) << xml;
    EXPECT_EQ(junit_property(xml, "isotest.own_results"), "merged 6 test cases from TAP on stdout") << xml;
}

TEST(TapResults, WithoutTheOptionTheRunIsOneCase) {
    ScratchDir scratch;
    const TapRun plain = run_tap_script(scratch, {});
    EXPECT_EQ(plain.run.exit_code, 1) << plain.run.describe();
    EXPECT_EQ(occurrences(plain.xml, "<testcase "), 1u) << plain.xml;
    EXPECT_TRUE(contains(plain.xml, "message=\"exited with status 1\"")) << plain.xml;
}

TEST(TapResults, NoTapOnStdoutKeepsTheRunsCase) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult run = run_isotest({"--results", "tap", "--junit", report.string(), "--", "sh", "-c", "echo hello; exit 2"});
    EXPECT_EQ(run.exit_code, 2) << run.describe();
    const std::string xml = read_file_if_exists(report);
    EXPECT_TRUE(xmllint_accepts(report, kJunitSchema)) << xml;
    EXPECT_EQ(occurrences(xml, "<testcase "), 1u) << xml;
    EXPECT_EQ(junit_property(xml, "isotest.own_results"), "no TAP on stdout") << xml;
}

TEST(TapResults, BadValueIsOneLineAndExit125) {
    const RunResult run = run_isotest({"--results", "json", "--", "true"});
    EXPECT_EQ(run.exit_code, 125) << run.describe();
    EXPECT_TRUE(contains(run.err, "--results must be xml or tap, not 'json'")) << run.describe();
    EXPECT_EQ(lines_of(run.err).size(), 1u) << run.describe();
}

}  // namespace
}  // namespace itest
