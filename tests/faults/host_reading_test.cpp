// Issue 12: what the supervisor reads of the test on the host side, outside every limit the test
// has — the test's own JUnit XML and the list of what it left running. Whatever the test
// writes there (10,000 cases under a 100 KB suite name, huge attributes, 50,000 attributes on one
// element, deep nesting, floods
// of small failures, markup too dense to parse, a symlink, a FIFO, an oversized file), the run
// ends with the test's own status, the report stays valid and readable by libxml2 without its
// "huge" option, its size and the supervisor's peak RSS stay bounded, and whatever was cut,
// left out or refused is named: in isotest.own_results and in one line on stderr.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "xmllint.hpp"

#ifndef FAULT_PROBE_MAX_RSS
#error "FAULT_PROBE_MAX_RSS must name the max_rss probe"
#endif

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// What the supervisor's peak RSS may grow by over a run whose own results are a few bytes: the
// README states the measured worst case (about 6.2 MiB); the rest is the allocator's slack. A
// sanitizer build adds shadow memory and redzones (measured: +8.7 MiB), and runs isotest
// without ASan's quarantine, which would hold every freed byte and so measure all allocations
// ever made instead of the memory held at once.
#ifdef ISOTEST_SANITIZED
constexpr long kRssAllowanceKib = 16 * 1024;
#else
constexpr long kRssAllowanceKib = 8 * 1024;
#endif
// The report of a run without output: the run's own part, and at most 1 MiB of the test's own
// text, escaped (up to six bytes each), with the markup of at most 5,000 cases (README).
constexpr std::uintmax_t kReportBound = 8u << 20;

struct MeasuredRun {
    RunResult result;
    long peak_rss_kib = 0;  // isotest's (see probes/max_rss.cpp)
    fs::path report;
};

// isotest --junit REPORT -- sh -c SCRIPT, under max_rss. SCRIPT finds where its own results
// go in $XML and the file the test prepared in $1.
MeasuredRun run_measured(const ScratchDir& scratch, const std::string& script, const std::string& own_file = "") {
    MeasuredRun run;
    run.report = scratch / "report.xml";
    const fs::path rss = scratch / "peak_rss_kib";
    RunRequest request;
    request.wrapper = {FAULT_PROBE_MAX_RSS, rss.string()};
    request.env["GTEST_OUTPUT"] = std::nullopt;  // isotest points it at the results file it reads back
#ifdef ISOTEST_SANITIZED
    const char* asan = std::getenv("ASAN_OPTIONS");
    request.env["ASAN_OPTIONS"] = std::string(asan != nullptr && asan[0] != '\0' ? std::string(asan) + ":" : "") +
                                  "quarantine_size_mb=0";
#endif
    request.args = {"--junit", run.report.string(), "--", "sh", "-c", "XML=${GTEST_OUTPUT#xml:}; " + script, "sh",
                    own_file};
    run.result = run_isotest(request);
    const std::string peak = read_file_if_exists(rss);
    run.peak_rss_kib = peak.empty() ? -1 : std::stol(peak);
    return run;
}

// A run whose own results are the contents of `xml`, copied into place by the test.
MeasuredRun run_with_own_results(const ScratchDir& scratch, const std::string& xml, int exit_code = 0) {
    const fs::path own = scratch / "own.xml";
    write_file(own, xml);
    return run_measured(scratch, "cat \"$1\" > \"$XML\"; exit " + std::to_string(exit_code), own.string());
}

long baseline_rss_kib() {
    static const long baseline = [] {
        ScratchDir scratch;
        const MeasuredRun run = run_with_own_results(
            scratch, "<testsuites><testsuite name='s'><testcase name='t'/></testsuite></testsuites>");
        EXPECT_EQ(run.result.exit_code, 0) << run.result.describe();
        EXPECT_GT(run.peak_rss_kib, 0) << run.result.describe();
        return run.peak_rss_kib;
    }();
    return baseline;
}

// What every run must hold, however hostile its own results: the test's exit status, a report
// that is valid and readable by libxml2 without "huge", of bounded size, and a supervisor whose
// memory stayed bounded.
void expect_bounded(const MeasuredRun& run, int exit_code) {
    const RunResult& r = run.result;
    EXPECT_FALSE(r.hit_limit) << r.describe();
    EXPECT_EQ(r.exit_code, exit_code) << r.describe();
    ASSERT_TRUE(fs::exists(run.report)) << r.describe();
    EXPECT_TRUE(xmllint_accepts(run.report));
    EXPECT_TRUE(xmllint_accepts(run.report, kJunitSchema));
    EXPECT_LT(fs::file_size(run.report), kReportBound);
    EXPECT_GT(run.peak_rss_kib, 0) << r.describe();
    EXPECT_LE(run.peak_rss_kib, baseline_rss_kib() + kRssAllowanceKib)
        << "the supervisor's peak RSS, against " << baseline_rss_kib() << " KiB for a run with tiny own results";
}

std::string report_of(const MeasuredRun& run) { return read_file(run.report); }

// The one line isotest adds to stderr when it cut, left out or refused the test's results, and
// the property saying the same.
void expect_named(const MeasuredRun& run, const std::string& note_start) {
    const std::string note = junit_property(report_of(run), "isotest.own_results");
    EXPECT_EQ(note.rfind(note_start, 0), 0u) << note;
    EXPECT_EQ(run.result.err, "isotest: the test's own JUnit XML: " + note + "\n") << run.result.describe();
}

// <testsuites tests="N" failures="F"...>, read from the report.
std::string root_counts(const std::string& xml) {
    const auto start = xml.find("<testsuites ");
    return xml.substr(start, xml.find(" time=", start) - start);
}

std::string cases(int count, const std::string& each) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        std::string one = each;
        one.replace(one.find('#'), 1, std::to_string(i));
        text += one;
    }
    return text;
}

// The file: once 1.9 GB of supervisor memory and a 1 GB report for a test that passed.
TEST(HostReading, TenThousandCasesUnderAHundredKilobyteSuiteName) {
    ScratchDir scratch;
    const MeasuredRun run = run_with_own_results(
        scratch, "<testsuites><testsuite name='" + std::string(100000, 'S') + "'>" + cases(10000, "<testcase name='t#'/>") +
                     "</testsuite></testsuites>");
    expect_bounded(run, 0);
    expect_named(run, "merged ");
    const std::string xml = report_of(run);
    EXPECT_TRUE(contains(junit_property(xml, "isotest.own_results"), " of 10000 test cases; left out ")) << xml.substr(0, 3000);
    EXPECT_TRUE(contains(xml, "[isotest: 98976 more bytes cut]")) << "the suite name, as each classname";
    const std::string left_out = junit_property(xml, "isotest.own_results_left_out");
    EXPECT_EQ(left_out.rfind("tests=", 0), 0u) << left_out;
    EXPECT_TRUE(left_out.ends_with(" failures=0 errors=0 skipped=0")) << left_out;
    // Listed plus left out is every case of the file.
    const std::string counts = root_counts(xml);
    const std::size_t listed = std::stoul(counts.substr(counts.find("tests=\"") + 7));
    EXPECT_EQ(listed + std::stoul(left_out.substr(6)), 10000u) << counts << " " << left_out;
}

TEST(HostReading, HugeAttributesAreCut) {
    ScratchDir scratch;
    const MeasuredRun run = run_with_own_results(
        scratch, "<testsuite name='s'><testcase name='" + std::string(400000, 'n') + "' classname='" +
                     std::string(300000, 'c') + "'><failure message='" + std::string(200000, 'm') +
                     "' type='" + std::string(50000, 't') + "'/></testcase></testsuite>",
        1);
    expect_bounded(run, 1);
    expect_named(run, "merged 1 test case; cut 3 names to 1024 bytes, 1 message to 4096 bytes");
    EXPECT_TRUE(contains(report_of(run), std::string(1024, 'n') + "[isotest: 398976 more bytes cut]"));
}

TEST(HostReading, DeepNestingIsIgnoredAsMalformed) {
    ScratchDir scratch;
    std::string xml;
    for (int i = 0; i < 5000; ++i) xml += "<testsuite name='s'>";
    xml += "<testcase name='t'/>";
    for (int i = 0; i < 5000; ++i) xml += "</testsuite>";
    const MeasuredRun run = run_with_own_results(scratch, xml);
    expect_bounded(run, 0);
    expect_named(run, "malformed (line 1: not well-formed XML (");
    EXPECT_TRUE(contains(junit_property(report_of(run), "isotest.own_results"), "depth exceeded"));
    EXPECT_TRUE(contains(root_counts(report_of(run)), "tests=\"1\"")) << "the run's own case stands for the run";
}

// Within every cap above (0.5 MB; 50,000 attributes fit the parse-tree estimate), yet tinyxml2
// checks each attribute's name against every one before it on its element: this file once kept
// the supervisor parsing for ~8 s of CPU time after a test that passed (quadratic: 100 such
// tests, 13 minutes). More than 64 attributes on one element are refused before parsing, named.
TEST(HostReading, AnElementWithFiftyThousandAttributesIsRefusedUnparsed) {
    ScratchDir scratch;
    std::string attributes;
    for (int i = 0; i < 50000; ++i) attributes += " a" + std::to_string(i) + "=''";
    const MeasuredRun run =
        run_with_own_results(scratch, "<testsuite name='s'><testcase name='t'" + attributes + "/></testsuite>");
    expect_bounded(run, 0);
    expect_named(run, "malformed (line 1: an element with more than 64 attributes (isotest parses no more on one "
                      "element)); ignored");
}

TEST(HostReading, ManySmallFailuresPastTheCaseCapAreCounted) {
    ScratchDir scratch;
    const MeasuredRun run = run_with_own_results(
        scratch, "<testsuite name='s'>" + cases(5500, "<testcase name='f#'><failure message='m'/></testcase>") +
                     "</testsuite>",
        1);
    expect_bounded(run, 1);
    expect_named(run, "merged 5000 of 5500 test cases; left out 500 (500 failed, 0 errors, 0 skipped) past the "
                      "5000-case cap");
    const std::string xml = report_of(run);
    EXPECT_EQ(root_counts(xml), "<testsuites tests=\"5000\" failures=\"5000\" errors=\"0\"");
    EXPECT_EQ(junit_property(xml, "isotest.own_results_left_out"), "tests=500 failures=500 errors=0 skipped=0");
}

// The costliest file found: as much parse tree as the estimate lets through, a 1 KiB suite name
// standing in for every classname (the text budget fills), and output making it 1 MiB.
TEST(HostReading, AsManyCasesAsTheParseTreeAllows) {
    ScratchDir scratch;
    const MeasuredRun run = run_with_own_results(
        scratch, "<testsuite name='" + std::string(1024, 'S') + "'>" + cases(20000, "<testcase name='#'/>") +
                     "<system-out>" + std::string(560000, 'o') + "</system-out></testsuite>");
    expect_bounded(run, 0);
    expect_named(run, "merged ");
}

TEST(HostReading, MarkupTooDenseToParseIsRefusedUnparsed) {
    ScratchDir scratch;
    std::string elements;
    for (int i = 0; i < 100000; ++i) elements += "<a/>t";  // 500 KB of file, 23 MB of tree
    const MeasuredRun run = run_with_own_results(scratch, "<testsuite name='s'><testcase name='t'/>" + elements + "</testsuite>");
    expect_bounded(run, 0);
    expect_named(run, "refused (100003 tags, 100000 texts and 2 attributes would take up to ");
}

TEST(HostReading, AnOversizedFileIsRefusedUnread) {
    ScratchDir scratch;
    const MeasuredRun run = run_measured(scratch, "head -c 3000000 /dev/zero | tr '\\0' ' ' > \"$XML\"");
    expect_bounded(run, 0);
    expect_named(run, "refused (3000000 bytes, over the 1048576 isotest reads); ignored");
}

// The results path is the test's to plant anything at: a FIFO with no writer, a symlink to an
// endless device, a directory, an empty file. None wedges the run or is read; each is named.
TEST(HostReading, WhatIsNotARegularFileIsRefusedAndNamed) {
    const std::vector<std::pair<std::string, std::string>> plants = {
        {"mkfifo \"$XML\"", "refused (a FIFO); ignored"},
        {"ln -s /dev/zero \"$XML\"", "refused (a symbolic link); ignored"},
        {"ln -s /etc/passwd \"$XML\"", "refused (a symbolic link); ignored"},
        {"mkdir \"$XML\"", "refused (a directory); ignored"},
        {": > \"$XML\"", "refused (empty); ignored"},
    };
    for (const auto& [plant, note] : plants) {
        ScratchDir scratch;
        const MeasuredRun run = run_measured(scratch, "rm -f \"$XML\"; " + plant + " && echo planted");
        expect_bounded(run, 0);
        EXPECT_EQ(run.result.out, "planted\n") << run.result.describe();
        EXPECT_EQ(junit_property(report_of(run), "isotest.own_results"), note) << plant;
        EXPECT_EQ(run.result.err, "isotest: the test's own JUnit XML: " + note + "\n") << plant;
    }
}

TEST(HostReading, CompleteOwnResultsAddNothingToStderr) {
    ScratchDir scratch;
    const MeasuredRun run = run_with_own_results(scratch, "<testsuite name='s'>" + cases(3, "<testcase name='t#'/>") + "</testsuite>");
    expect_bounded(run, 0);
    EXPECT_EQ(run.result.err, "") << run.result.describe();
    EXPECT_EQ(junit_property(report_of(run), "isotest.own_results"), "merged 3 test cases");
}

// One status record per leftover process once made the supervisor's memory the test's to fill.
TEST(HostReading, LeftoverProcessesPastAHundredAreCountedNotListed) {
    ScratchDir scratch;
    const MeasuredRun run = run_measured(scratch, "i=0; while [ $i -lt 250 ]; do sleep 1000 & i=$((i+1)); done");
    expect_bounded(run, 0);
    const std::string leftover = junit_property(report_of(run), "isotest.leftover_processes");
    EXPECT_TRUE(leftover.ends_with(" (+150 more)")) << leftover.substr(0, 200) << "..." << leftover.substr(leftover.size() - 100);
    EXPECT_EQ(std::count(leftover.begin(), leftover.end(), ','), 99) << "100 listed";
}

}  // namespace
}  // namespace sectest
