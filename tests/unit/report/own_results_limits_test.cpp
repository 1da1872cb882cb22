// The caps on the test's own JUnit XML (isotest/report_limits.hpp): whatever the test writes,
// what the report keeps of it is bounded, everything cut or left out is named, and the counts
// stay those of the cases listed.
#include <gtest/gtest.h>

#include "isotest/report_limits.hpp"
#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/own_results.hpp"
#include "report/run_report.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

std::string suite_of_cases(const std::string& cases, const std::string& suite_name = "S") {
    return "<testsuites><testsuite name=\"" + suite_name + "\">" + cases + "</testsuite></testsuites>";
}

std::string passing(int count, const std::string& prefix = "p") {
    std::string cases;
    for (int i = 0; i < count; ++i) cases += "<testcase name=\"" + prefix + std::to_string(i) + "\"/>";
    return cases;
}

std::string failing(int count, const std::string& body = "boom") {
    std::string cases;
    for (int i = 0; i < count; ++i) {
        cases += "<testcase name=\"f" + std::to_string(i) + "\"><failure message=\"m\">" + body + "</failure></testcase>";
    }
    return cases;
}

std::string property(const JunitReport& report, const std::string& name) {
    return property_value(report.suites.at(0), name).value_or("(absent)");
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// The run's report with `own_xml` merged, checked against the schema.
JunitReport report_with(const std::string& own_xml, int exit_code = 0) {
    Outcome outcome = exited_with(exit_code);
    outcome.own_xml = own_xml;
    JunitReport report = build_run_report(spec_running({"/build/t"}), outcome, fixed_host()).junit;
    const std::string xml = render_junit_xml(report);
    EXPECT_TRUE(valid_junit(xml));
    // The counts a consumer reads are those of the cases listed.
    EXPECT_EQ(count(parse_junit_xml(xml)).tests, report.suites.at(0).cases.size());
    return report;
}

TEST(OwnResultsLimits, ACompleteMergeSaysNothingWasCut) {
    const OwnResults own = read_own_results(suite_of_cases(passing(3) + failing(1)));
    EXPECT_EQ(own.status, OwnResults::Status::merged);
    EXPECT_EQ(own.note, "merged 4 test cases");
    EXPECT_FALSE(own.incomplete());
    EXPECT_FALSE(own_results_note_incomplete(own.note));
    EXPECT_EQ(own.left_out.tests, 0u);
}

TEST(OwnResultsLimits, LongNamesAreCutWithAMarker) {
    const std::string long_name(5000, 'n');
    const OwnResults own = read_own_results(suite_of_cases("<testcase name=\"" + long_name + "\" classname=\"" +
                                                           std::string(3000, 'c') + "\"/>"));
    ASSERT_EQ(own.cases.size(), 1u);
    EXPECT_EQ(own.cases[0].name, std::string(limits::kOwnNameBytes, 'n') + "[isotest: 3976 more bytes cut]");
    EXPECT_TRUE(ends_with(own.cases[0].classname, "[isotest: 1976 more bytes cut]"));
    EXPECT_EQ(own.cuts.names, 2u);
    EXPECT_TRUE(own.incomplete());
    EXPECT_EQ(own.note, "merged 1 test case; cut 2 names to 1024 bytes");
    EXPECT_TRUE(own_results_note_incomplete(own.note));
}

TEST(OwnResultsLimits, MessagesBodiesAndOutputsAreCutToTheirCaps) {
    const std::string message(10000, 'm'), body(100000, 'b'), output(70000, 'o');
    const OwnResults own = read_own_results(suite_of_cases(
        "<testcase name=\"t\"><failure message=\"" + message + "\">" + body + "</failure><system-out>" + output +
        "</system-out><system-err>" + output + "</system-err></testcase>"));
    ASSERT_EQ(own.cases.size(), 1u);
    const TestCase& test_case = own.cases[0];
    EXPECT_EQ(test_case.message, std::string(limits::kOwnMessageBytes, 'm') + "[isotest: 5904 more bytes cut]");
    EXPECT_EQ(test_case.detail, std::string(limits::kOwnBodyBytes, 'b') + "[isotest: 34464 more bytes cut]");
    EXPECT_EQ(test_case.system_out, std::string(limits::kOwnOutputBytes, 'o') + "[isotest: 4464 more bytes cut]");
    EXPECT_EQ(test_case.system_err, test_case.system_out);
    EXPECT_EQ(own.note, "merged 1 test case; cut 1 message to 4096 bytes, 1 failure body to 65536 bytes, "
                        "2 outputs to 65536 bytes");
}

TEST(OwnResultsLimits, ManyBodiesOfOneCaseShareOneCap) {
    std::string failures;
    for (int i = 0; i < 100; ++i) failures += "<failure message=\"m\">" + std::string(1000, 'x') + "</failure>";
    const OwnResults own = read_own_results(suite_of_cases("<testcase name=\"t\">" + failures + "</testcase>"));
    ASSERT_EQ(own.cases.size(), 1u);
    EXPECT_LE(own.cases[0].detail.size(), limits::kOwnBodyBytes + 64);
    EXPECT_EQ(own.cuts.bodies, 1u);
}

TEST(OwnResultsLimits, CasesPastTheCapAreLeftOutAndCountedByVerdict) {
    const int cap = static_cast<int>(limits::kOwnResultsCases);
    const std::string after_cap = failing(0) + "<testcase name=\"s\"><skipped/></testcase>" + passing(9, "late");
    const OwnResults own = read_own_results(suite_of_cases(passing(cap) + after_cap));
    EXPECT_EQ(own.cases.size(), limits::kOwnResultsCases);
    EXPECT_EQ(own.read.tests, limits::kOwnResultsCases + 10);
    EXPECT_EQ(own.left_out.tests, 10u);
    EXPECT_EQ(own.left_out.skipped, 1u);
    EXPECT_EQ(own.left_out.failures, 0u);
    EXPECT_EQ(own.note, "merged 5000 of 5010 test cases; left out 10 (0 failed, 0 errors, 1 skipped) past the "
                        "5000-case cap");
    EXPECT_TRUE(own.incomplete());

    const JunitReport report = report_with(suite_of_cases(passing(cap) + after_cap));
    EXPECT_EQ(property(report, "isotest.own_results_left_out"), "tests=10 failures=0 errors=0 skipped=1");
    EXPECT_EQ(property(report, "isotest.own_results"), own.note);
}

TEST(OwnResultsLimits, FailedAndErroredCasesAreMergedFirst) {
    const int cap = static_cast<int>(limits::kOwnResultsCases);
    const std::string xml = suite_of_cases(passing(cap) + failing(7) +
                                           "<testcase name=\"e\"><error message=\"x\"/></testcase>");
    const OwnResults own = read_own_results(xml);
    ASSERT_EQ(own.cases.size(), limits::kOwnResultsCases);
    EXPECT_EQ(own.left_out.tests, 8u);
    EXPECT_EQ(own.left_out.failures + own.left_out.errors, 0u) << own.note;
    // In document order: the passing ones that fit, then the failures.
    EXPECT_EQ(own.cases.back().name, "e");
    EXPECT_EQ(own.cases[cap - 9].name, "p" + std::to_string(cap - 9));

    // Exit 1 stays explained by the merged failures: no isotest case is added.
    const JunitReport report = report_with(xml, 1);
    EXPECT_EQ(report.suites[0].cases.size(), limits::kOwnResultsCases);
    EXPECT_EQ(count(report).failures, 7u);
    EXPECT_EQ(count(report).errors, 1u);
}

TEST(OwnResultsLimits, TheTextBudgetLeavesOutWholeCases) {
    // 20 failures of 50,000 bytes without a message: the body's first line is the message too,
    // so each case holds 54,130 bytes of text (name, classname, message cut to 4096, body).
    std::string cases;
    for (int i = 10; i < 30; ++i) {
        cases += "<testcase name=\"f" + std::to_string(i) + "\"><failure>" + std::string(50000, 'x') + "</failure></testcase>";
    }
    const OwnResults own = read_own_results(suite_of_cases(cases));
    ASSERT_EQ(own.cases.size(), 19u) << own.note;  // 19 * 54,130 <= 1 MiB < 20 * 54,130
    for (const TestCase& test_case : own.cases) EXPECT_EQ(test_case.detail.size(), 50000u) << "whole, or not at all";
    EXPECT_EQ(own.left_out.failures, 1u);
    EXPECT_EQ(own.note, "merged 19 of 20 test cases; left out 1 (1 failed, 0 errors, 0 skipped) past the 1048576-byte "
                        "text budget; cut 19 messages to 4096 bytes");
}

// The case: 10,000 cases without a classname and a 100 KB suite name, which stands in
// for every classname. Once 1.9 GB of supervisor memory and a 1 GB report.
TEST(OwnResultsLimits, AHugeSuiteNameCopiedIntoEveryCaseStaysBounded) {
    const std::string xml = suite_of_cases(passing(10000), std::string(100000, 'S'));
    const JunitReport report = report_with(xml);
    const std::size_t listed = report.suites[0].cases.size();
    EXPECT_LT(listed, 10000u);
    EXPECT_GT(listed, 500u);
    EXPECT_TRUE(ends_with(report.suites[0].cases[0].classname, "[isotest: 98976 more bytes cut]"));
    EXPECT_EQ(property(report, "isotest.own_results_left_out"),
              "tests=" + std::to_string(10000 - listed) + " failures=0 errors=0 skipped=0");
    EXPECT_LT(render_junit_xml(report).size(), 3u << 20);
}

TEST(OwnResultsLimits, MarkupTooDenseToParseCheaplyIsRefusedBeforeParsing) {
    // 100,000 empty elements: small as a file (400 KB), 12 MB as tinyxml2's tree.
    std::string elements;
    for (int i = 0; i < 100000; ++i) elements += "<a/>";
    const OwnResults own = read_own_results("<testsuite name=\"S\"><testcase name=\"t\">" + elements + "</testcase></testsuite>");
    EXPECT_EQ(own.status, OwnResults::Status::refused);
    EXPECT_TRUE(own.cases.empty());
    EXPECT_EQ(own.note, "refused (100004 tags, 0 texts and 2 attributes would take up to 12000640 bytes to parse, "
                        "over the 4194304 isotest spends); ignored");
    EXPECT_TRUE(own.incomplete());

    std::string attributes = "<testsuite name=\"S\"><testcase name=\"t\"";
    for (int i = 0; i < 60000; ++i) attributes += " a" + std::to_string(i) + "=''";
    EXPECT_EQ(read_own_results(attributes + "/></testsuite>").status, OwnResults::Status::refused);
}

TEST(OwnResultsLimits, TextBetweenTagsCountsAsTheNodeItBecomes) {
    // 20,000 elements fit (2.4 MB of tree); with a text after each they do not (4.6 MB).
    std::string bare, with_text;
    for (int i = 0; i < 20000; ++i) {
        bare += "<x/>\n ";  // whitespace alone makes no node
        with_text += "<x/>t";
    }
    const auto own = [](const std::string& inside) {
        return read_own_results("<testsuite name=\"S\"><testcase name=\"t\"/>" + inside + "</testsuite>");
    };
    EXPECT_EQ(own(bare).status, OwnResults::Status::merged) << own(bare).note;
    const OwnResults refused = own(with_text);
    EXPECT_EQ(refused.status, OwnResults::Status::refused);
    EXPECT_EQ(refused.note.rfind("refused (20003 tags, 20000 texts and 2 attributes", 0), 0u) << refused.note;
}

TEST(OwnResultsLimits, DeepNestingIsMalformedNotACrash) {
    std::string xml;
    for (int i = 0; i < 1000; ++i) xml += "<testsuite name=\"s\">";
    xml += "<testcase name=\"t\"/>";
    for (int i = 0; i < 1000; ++i) xml += "</testsuite>";
    const OwnResults own = read_own_results(xml);
    EXPECT_EQ(own.status, OwnResults::Status::malformed) << own.note;
    EXPECT_NE(own.note.find("depth"), std::string::npos) << own.note;
}

TEST(OwnResultsLimits, AFileInitRefusedOrTooLargeIsNamed) {
    const OwnResults link = read_own_results("", "a symbolic link");
    EXPECT_EQ(link.status, OwnResults::Status::refused);
    EXPECT_EQ(link.note, "refused (a symbolic link); ignored");

    const OwnResults large = read_own_results(std::string(limits::kOwnResultsFileBytes + 1, ' '));
    EXPECT_EQ(large.note, "refused (1048577 bytes, over the 1048576 isotest reads); ignored");

    Outcome outcome = exited_with(0);
    outcome.own_xml_refused = "a FIFO";
    const RunReport run = build_run_report(spec_running({"/build/t"}), outcome, fixed_host());
    EXPECT_EQ(property(run.junit, "isotest.own_results"), "refused (a FIFO); ignored");
    EXPECT_EQ(run.notice, "the test's own JUnit XML: refused (a FIFO); ignored");
    EXPECT_EQ(run.junit.suites[0].system_err, "[isotest: the test's own JUnit XML: refused (a FIFO); ignored]\n");
    EXPECT_EQ(run.junit.suites[0].cases.size(), 1u) << "the run's own case stands for the run";
}

// A parse error quotes the test's element names: the note stays short, and the line for the
// terminal shows a C1 control (CSI to an 8-bit terminal) as a marker.
TEST(OwnResultsLimits, AParseErrorQuotingTheTestsNamesIsCutAndCleaned) {
    Outcome outcome = exited_with(0);
    outcome.own_xml = "<testsuite name='s'/><\xc2\x9b" + std::string(5000, 'x') + "/>";
    const RunReport run = build_run_report(spec_running({"/build/t"}), outcome, fixed_host());
    const std::string note = property(run.junit, "isotest.own_results");
    EXPECT_EQ(note.rfind("malformed (line 1: a second root element <\xc2\x9bxxx", 0), 0u) << note.substr(0, 100);
    EXPECT_LT(note.size(), 1200u);
    EXPECT_TRUE(note.ends_with("more bytes cut]); ignored")) << note.substr(note.size() - 100);
    EXPECT_EQ(run.notice.rfind("the test's own JUnit XML: malformed (line 1: a second root element <\\u009bxxx", 0), 0u)
        << run.notice.substr(0, 100);
    EXPECT_EQ(run.notice.find("\xc2\x9b"), std::string::npos);
}

TEST(OwnResultsLimits, ACompleteMergeGivesNoNotice) {
    Outcome outcome = exited_with(0);
    outcome.own_xml = suite_of_cases(passing(2));
    const RunReport run = build_run_report(spec_running({"/build/t"}), outcome, fixed_host());
    EXPECT_EQ(run.notice, "");
    EXPECT_EQ(run.junit.suites[0].system_err, "");
    EXPECT_EQ(property(run.junit, "isotest.own_results_left_out"), "(absent)");
}

}  // namespace
}  // namespace isotest::report
