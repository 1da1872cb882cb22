// TAP 13/14 on stdout read into test cases: every construct of the protocol, what the plan says
// of missing and extra points, subtests as nested names, and the bounds.
#include "report/tap_results.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "isotest/report_limits.hpp"
#include "report/junit_render.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

std::vector<TestCase> cases_of(const std::string& tap) {
    std::vector<TestCase> cases;
    for_each_tap_case(tap, own_case_caps(), "suite", [&](ReadCase&& read) { cases.push_back(std::move(read.test_case)); });
    return cases;
}

std::string names(const std::vector<TestCase>& cases) {
    std::string text;
    for (const TestCase& test_case : cases) text += (text.empty() ? "" : "|") + test_case.name;
    return text;
}

// The case's verdict, result type and message.
void expect_result(const TestCase& test_case, Verdict verdict, const std::string& type, const std::string& message) {
    EXPECT_EQ(test_case.verdict, verdict) << test_case.name;
    EXPECT_EQ(test_case.result_type, type) << test_case.name;
    EXPECT_EQ(test_case.message, message) << test_case.name;
}

TEST(TapResults, PointsWithPlanFirstOrLast) {
    for (const std::string tap : {"TAP version 13\n1..3\nok 1 - adds\nnot ok 2 - subtracts\nok 3\n",
                                  "ok 1 - adds\nnot ok 2 - subtracts\nok 3\n1..3\n"}) {
        const auto cases = cases_of(tap);
        ASSERT_EQ(cases.size(), 3u) << tap;
        EXPECT_EQ(names(cases), "adds|subtracts|test 3");
        EXPECT_EQ(cases[0].verdict, Verdict::passed);
        expect_result(cases[1], Verdict::failed, "tap.NotOk", "not ok 2 - subtracts");
        EXPECT_EQ(cases[2].classname, "suite");
    }
}

TEST(TapResults, OtherOutputIsIgnored) {
    const auto cases = cases_of("starting up\n# a comment\npragma +strict\nokay then\n1..1\nok - works\nbye\n");
    EXPECT_EQ(names(cases), "works");
    EXPECT_FALSE(for_each_tap_case("no tap here\nokay\n", own_case_caps(), "s", [](ReadCase&&) {}));
}

TEST(TapResults, SkipAndTodo) {
    const auto cases = cases_of(
        "1..4\nok 1 - net # SKIP no network\nnot ok 2 - future # TODO not written yet\n"
        "ok 3 - lucky # todo fixed already\nok 4 - old # skipped: too old\n");
    ASSERT_EQ(cases.size(), 4u);
    EXPECT_EQ(cases[0].verdict, Verdict::skipped);
    EXPECT_EQ(cases[0].message, "SKIP: no network");
    EXPECT_EQ(cases[0].name, "net");
    // A failing TODO is a known failure, not a failure: reported as skipped, saying so.
    EXPECT_EQ(cases[1].verdict, Verdict::skipped);
    EXPECT_EQ(cases[1].message, "TODO (not ok, expected to fail): not written yet");
    EXPECT_EQ(cases[2].verdict, Verdict::passed);
    EXPECT_EQ(cases[2].system_out, "TODO passed unexpectedly: fixed already");
    EXPECT_EQ(cases[3].message, "SKIP: too old");
}


TEST(TapResults, MissingTestsAreErrors) {
    const auto cases = cases_of("1..4\nok 1\nok 3\n");
    EXPECT_EQ(names(cases), "test 1|test 3|test 2|test 4");
    expect_result(cases[2], Verdict::errored, "tap.Missing", "test 2 of plan 1..4 was never reported");
}

TEST(TapResults, NoPlanIsAnError) {
    const auto cases = cases_of("ok 1 - a\nok 2 - b\n");
    ASSERT_EQ(cases.size(), 3u);
    EXPECT_EQ(cases[2].name, "plan");
    expect_result(cases[2], Verdict::errored, "tap.Plan",
                  "no plan (1..N): 2 test points read; the run may have stopped before its end");
}

TEST(TapResults, PointsPastThePlanAndASecondPlan) {
    const auto cases = cases_of("1..1\nok 1\nok 2\n1..2\n");
    ASSERT_EQ(cases.size(), 4u);
    EXPECT_EQ(cases[2].message, "a second plan 1..2 after 1..1");
    EXPECT_EQ(cases[3].message, "plan 1..1, but 1 test points numbered outside it");
}

TEST(TapResults, DuplicatedNumbers) {
    const auto cases = cases_of("1..2\nok 1 - first\nok 1 - again\nok 2\n");
    ASSERT_EQ(cases.size(), 3u);
    expect_result(cases[1], Verdict::errored, "tap.DuplicateNumber", "test number 1 reported twice: ok 1 - again");
}

TEST(TapResults, PlanSkipsEverything) {
    const auto cases = cases_of("1..0 # SKIP no database\n");
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0].name, "all tests");
    expect_result(cases[0], Verdict::skipped, "", "SKIP (plan 1..0): no database");
}

TEST(TapResults, BailOutStopsReading) {
    const auto cases = cases_of("1..5\nok 1\nBail out! database gone\nok 2\nnot ok 3\n");
    ASSERT_EQ(cases.size(), 2u);
    EXPECT_EQ(cases[1].name, "Bail out!");
    expect_result(cases[1], Verdict::errored, "tap.BailOut", "Bail out! database gone");
    EXPECT_NE(cases[1].detail.find("4 of plan 1..5 never ran"), std::string::npos) << cases[1].detail;
}

TEST(TapResults, DiagnosticsAttachToTheirCase) {
    const auto cases = cases_of(
        "1..2\nnot ok 1 - equal\n  ---\n  message: 'Expected 42'\n  found: 41\n  ...\nok 2 - timing\n  ---\n"
        "  duration_ms: 3\n  ...\n");
    ASSERT_EQ(cases.size(), 2u);
    EXPECT_EQ(cases[0].detail, "not ok 1 - equal\nmessage: 'Expected 42'\nfound: 41\n");
    EXPECT_EQ(cases[1].system_out, "duration_ms: 3\n");
    // A block never closed ends with the stream.
    EXPECT_EQ(cases_of("1..1\nnot ok 1 - x\n  ---\n  at: line 3\n").at(0).detail, "not ok 1 - x\nat: line 3\n");
    // Comment lines after a point, as most producers write diagnostics (libuv, Test::More).
    const auto commented = cases_of(
        "1..3\nok 1 - setup\n# took 3 ms\nnot ok 2 - chown\n# exit code 6\n"
        "# Assertion failed in test-fs.c on line 345: `r == UV_EPERM` (-22 == -1)\nok 3 - after\n");
    ASSERT_EQ(commented.size(), 3u);
    EXPECT_EQ(commented[0].system_out, "took 3 ms\n");
    EXPECT_EQ(commented[1].detail,
              "not ok 2 - chown\nexit code 6\nAssertion failed in test-fs.c on line 345: `r == UV_EPERM` (-22 == -1)\n");
    EXPECT_EQ(commented[2].system_out, "");
}

// TAP 14: "# Subtest: name" at the subtest's indentation; the closing point stands for the
// children and is no case of its own.
TEST(TapResults, Tap14Subtests) {
    const auto cases = cases_of(
        "TAP version 14\n1..2\n    # Subtest: parser\n    1..2\n    ok 1 - numbers\n    not ok 2 - strings\n"
        "not ok 1 - parser\nok 2 - writer\n");
    EXPECT_EQ(names(cases), "parser/numbers|parser/strings|writer");
    EXPECT_EQ(cases[1].verdict, Verdict::failed);
}



// How cases are named: escapes, subtests in node-tap 13's style ("# Subtest: name" at the
// parent's indentation, nesting deeper), unnamed subtests, and indentation too deep to read.
TEST(TapResults, Names) {
    const std::vector<std::pair<std::string, std::string>> streams = {
        {"1..1\nok 1 - issue \\#12 \\\\ fixed\n", "issue #12 \\ fixed"},
        {"TAP version 13\n# Subtest: a\n    # Subtest: b\n        1..1\n        ok 1 - leaf\n    ok 1 - b\n"
         "    1..1\nok 1 - a\n1..1\n",
         "a/b/leaf"},
        {"1..2\nok 1 - first\n    1..1\n    ok 1 - inner\nok 2 - second\n", "first|subtest 2/inner"},
        {"1..1\n" + std::string(4 * 100, ' ') + "ok 1 - too deep\nok 1 - top\n", "top"},
    };
    for (const auto& [tap, expected] : streams) EXPECT_EQ(names(cases_of(tap)), expected) << tap;
}

// The closing point is a case where its children say nothing: none, or it fails alone.
TEST(TapResults, ClosingPointWhereChildrenSayNothing) {
    const auto failing_alone = cases_of("1..1\n    # Subtest: s\n    1..1\n    ok 1 - fine\nnot ok 1 - s\n");
    EXPECT_EQ(names(failing_alone), "s/fine|s");
    EXPECT_EQ(failing_alone[1].verdict, Verdict::failed);
    const auto missing_child = cases_of("1..1\n    # Subtest: s\n    1..2\n    ok 1 - fine\nnot ok 1 - s\n");
    EXPECT_EQ(names(missing_child), "s/fine|s/test 2");
    EXPECT_EQ(missing_child[1].verdict, Verdict::errored);
}

TEST(TapResults, CarriageReturnsAreLineEnds) {
    const auto cases = cases_of("1..1\r\nnot ok 1 - windows\r\n");
    EXPECT_EQ(names(cases), "windows");
    EXPECT_EQ(cases[0].message, "not ok 1 - windows");
}

TEST(TapResults, ReadAsOwnResults) {
    const OwnResults own = read_tap_results("1..3\nok 1\nnot ok 2\nok 3 # SKIP later\n", 0, "suite");
    EXPECT_EQ(own.status, OwnResults::Status::merged);
    EXPECT_EQ(own.note, "merged 3 test cases from TAP on stdout");
    EXPECT_EQ(own.read.failures, 1u);
    EXPECT_EQ(own.read.skipped, 1u);
    EXPECT_FALSE(own.incomplete());
    EXPECT_TRUE(own_results_explain(own, Verdict::failed, true));

    const OwnResults none = read_tap_results("hello\n", 0, "suite");
    EXPECT_EQ(none.status, OwnResults::Status::no_cases);
    EXPECT_EQ(none.note, "no TAP on stdout");
}

TEST(TapResults, StdoutCutInTheMiddleIsNamed) {
    const OwnResults own = read_tap_results("1..3\nok 1\n[isotest: 5000 bytes cut]\nok 3\n", 5000, "suite");
    EXPECT_TRUE(own.incomplete());
    EXPECT_NE(own.note.find("; stdout cut by --max-report-output: TAP in its middle 5000 bytes not read"),
              std::string::npos)
        << own.note;
    EXPECT_TRUE(own_results_note_incomplete(own.note));
}

// Bounded: a plan of a billion is not a billion cases; cases past the cap are counted.
TEST(TapResults, HugePlanIsBounded) {
    std::size_t visited = 0;
    for_each_tap_case("1..1000000000\nok 1\n", own_case_caps(), "s", [&](ReadCase&&) { ++visited; });
    EXPECT_EQ(visited, 1 + limits::kOwnResultsCases + 1);
    const OwnResults own = read_tap_results("1..1000000000\nok 1\n", 0, "s");
    EXPECT_EQ(own.cases.size(), limits::kOwnResultsCases);
    EXPECT_EQ(own.left_out.tests, 2u);
    EXPECT_NE(own.note.find("left out 2"), std::string::npos) << own.note;
}

TEST(TapResults, LongNamesAreCut) {
    const OwnResults own = read_tap_results("1..1\nok 1 - " + std::string(5000, 'n') + "\n", 0, "s");
    ASSERT_EQ(own.cases.size(), 1u);
    EXPECT_LT(own.cases[0].name.size(), limits::kOwnNameBytes + 64);
    EXPECT_NE(own.note.find("; cut 1 name to 1024 bytes"), std::string::npos) << own.note;
}


TEST(TapResults, RendersValidJunit) {
    const OwnResults own = read_tap_results(
        "TAP version 14\n1..3\n    # Subtest: s\n    1..1\n    not ok 1 - \x1b[31mred\x1b[0m\n"
        "      ---\n      got: \"\xff\"\n      ...\nnot ok 1 - s\nok 2 # SKIP\n",
        0, "suite");
    JunitReport report;
    report.suites.push_back(TestSuite{"suite", 1.0, "", "", {}, own.cases, "", ""});
    EXPECT_TRUE(testing::valid_junit(render_junit_xml(report)));
}

}  // namespace
}  // namespace isotest::report
