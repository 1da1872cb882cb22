// Merging the test's own JUnit XML into the run's report, and when isotest's own test case
// stays: see own_results.hpp.
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/run_report.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

struct Built {
    JunitReport report;
    std::string xml;
};

Built build(const Outcome& outcome) {
    Built built;
    built.report = build_run_report(spec_running({"/build/unit_tests"}), outcome, fixed_host()).junit;
    built.xml = render_junit_xml(built.report);
    return built;
}

const TestSuite& suite_of(const Built& built) { return built.report.suites.at(0); }

bool has_isotest_case(const Built& built) {
    for (const TestCase& test_case : suite_of(built).cases) {
        if (test_case.classname == "unit_tests" && test_case.name == "unit_tests") return true;
    }
    return false;
}

void expect_counts(const Built& built, std::size_t tests, std::size_t failures, std::size_t errors,
                   std::size_t skipped) {
    // Counted from the written XML as a consumer reads it.
    const Counts counts = count(parse_junit_xml(built.xml));
    EXPECT_EQ(counts.tests, tests);
    EXPECT_EQ(counts.failures, failures);
    EXPECT_EQ(counts.errors, errors);
    EXPECT_EQ(counts.skipped, skipped);
    EXPECT_NE(built.xml.find("<testsuites tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\""),
              std::string::npos)
        << built.xml;
}

TEST(OwnResults, GoogleTestCasesReplaceTheRunCaseWhenTheyExplainTheExit) {
    Outcome outcome = exited_with(1);
    outcome.own_xml = read_sample("gtest-1.12.1.xml");
    const Built built = build(outcome);
    EXPECT_FALSE(has_isotest_case(built)) << "two failing cases explain exit 1";
    expect_counts(built, 7, 2, 0, 2);
    EXPECT_EQ(property_value(suite_of(built), "isotest.own_results"), "merged 7 test cases");
    ASSERT_TRUE(valid_junit(built.xml));
    // Cleaned to the schema: testcases keep only name, classname and time; GoogleTest's
    // testcase-level <properties> are gone.
    tinyxml2::XMLDocument document;
    ASSERT_EQ(document.Parse(built.xml.c_str()), tinyxml2::XML_SUCCESS);
    const auto* suite = document.RootElement()->FirstChildElement("testsuite");
    for (const auto* test_case = suite->FirstChildElement("testcase"); test_case != nullptr;
         test_case = test_case->NextSiblingElement("testcase")) {
        std::vector<std::string> names;
        for (const auto* attribute = test_case->FirstAttribute(); attribute != nullptr; attribute = attribute->Next()) {
            names.push_back(attribute->Name());
        }
        EXPECT_EQ(names, (std::vector<std::string>{"name", "classname", "time"}));
        EXPECT_EQ(test_case->FirstChildElement("properties"), nullptr);
    }
    EXPECT_EQ(built.xml.find("ISO-7"), std::string::npos) << "testcase property value";
    EXPECT_EQ(built.xml.find("<failure", built.xml.find("<failure") + 1),
              built.xml.find("<failure", built.xml.find("name=\"IsEven/1\"")))
        << "FailsTwice's two failures became one element";
}

TEST(OwnResults, PassingCasesAndCleanExitNeedNoRunCase) {
    Outcome outcome = exited_with(0);
    outcome.own_xml = "<testsuites><testsuite name='S'><testcase name='a' classname='S' time='0.5'/>"
                      "<testcase name='b' classname='S' time='0.25'/></testsuite></testsuites>";
    const Built built = build(outcome);
    EXPECT_FALSE(has_isotest_case(built));
    expect_counts(built, 2, 0, 0, 0);
    EXPECT_TRUE(valid_junit(built.xml));
    EXPECT_TRUE(valid_windyroad_in_ant_shape(built.xml));
}

TEST(OwnResults, NonzeroExitThatNoCaseExplainsKeepsTheRunCase) {
    Outcome outcome = exited_with(1);
    outcome.own_xml = "<testsuite name='S'><testcase name='a'/><testcase name='b'/></testsuite>";
    const Built built = build(outcome);
    EXPECT_TRUE(has_isotest_case(built));
    expect_counts(built, 3, 1, 0, 0);
    EXPECT_TRUE(valid_junit(built.xml));
}

TEST(OwnResults, CrashKeepsTheRunCaseNextToTheOwnCases) {
    Outcome outcome = exited_with(0);
    outcome.kind = OutcomeKind::signaled;
    outcome.signal = 6;
    outcome.own_xml = "<testsuite name='S'><testcase name='a'><failure message='m'/></testcase></testsuite>";
    const Built built = build(outcome);
    EXPECT_TRUE(has_isotest_case(built));
    expect_counts(built, 2, 1, 1, 0);
    EXPECT_TRUE(valid_junit(built.xml));
}

TEST(OwnResults, TerminationKeepsTheRunCase) {
    Outcome outcome = exited_with(0);
    outcome.terminating_signal = 2;
    outcome.own_xml = "<testsuite name='S'><testcase name='a'/></testsuite>";
    const Built built = build(outcome);
    EXPECT_TRUE(has_isotest_case(built));
    expect_counts(built, 2, 0, 1, 0);
}

TEST(OwnResults, SkipExitCodeKeepsTheSkippedRunCase) {
    SandboxSpec spec = spec_running({"/build/unit_tests"});
    spec.report.skip_exit_code = 77;
    Outcome outcome = exited_with(77);
    outcome.own_xml = "<testsuite name='S'><testcase name='a'/></testsuite>";
    const std::string xml = render_junit_xml(build_run_report(spec, outcome, fixed_host()).junit);
    const Counts counts = count(parse_junit_xml(xml));
    EXPECT_EQ(counts.tests, 2u);
    EXPECT_EQ(counts.skipped, 1u);
    EXPECT_TRUE(valid_junit(xml));
}

TEST(OwnResults, PytestAndCTestFilesMergeToo) {
    for (const auto& [sample, tests, failures, errors, skipped] :
         {std::tuple{"pytest-7.2.1.xml", 7u, 1u, 1u, 2u}, std::tuple{"ctest-3.25.1.xml", 6u, 2u, 0u, 2u}}) {
        Outcome outcome = exited_with(1);
        outcome.own_xml = read_sample(sample);
        const Built built = build(outcome);
        EXPECT_FALSE(has_isotest_case(built)) << sample;
        expect_counts(built, tests, failures, errors, skipped);
        EXPECT_TRUE(valid_junit(built.xml)) << sample;
    }
}

TEST(OwnResults, MalformedOwnXmlKeepsTheReportAndSaysSo) {
    Outcome outcome = exited_with(1);
    outcome.output_captured = true;
    outcome.stderr_capture.append("crash log");
    outcome.own_xml = "<testsuites>\n<testsuite name='S'>\n<testcase name='a'>";  // cut short by a crash
    const Built built = build(outcome);
    EXPECT_TRUE(has_isotest_case(built));
    expect_counts(built, 1, 1, 0, 0);
    const auto note = property_value(suite_of(built), "isotest.own_results");
    ASSERT_TRUE(note.has_value());
    EXPECT_EQ(note->rfind("malformed (line ", 0), 0u) << *note;
    EXPECT_EQ(suite_of(built).system_err, "crash log\n[isotest: the test's own JUnit XML: " + *note + "]\n");
    EXPECT_TRUE(valid_junit(built.xml));
}

TEST(OwnResults, OwnXmlWithoutCasesKeepsTheRunCase) {
    Outcome outcome = exited_with(0);
    outcome.own_xml = "<testsuites/>";
    const Built built = build(outcome);
    EXPECT_TRUE(has_isotest_case(built));
    EXPECT_EQ(property_value(suite_of(built), "isotest.own_results"), "no test cases");
    expect_counts(built, 1, 0, 0, 0);
}

TEST(OwnResults, NoOwnXmlNoProperty) {
    const Built built = build(exited_with(0));
    EXPECT_FALSE(property_value(suite_of(built), "isotest.own_results").has_value());
}

}  // namespace
}  // namespace isotest::report
