// Reading JUnit XML as real producers wrote it (samples made with GoogleTest 1.12.1,
// CTest 3.25.1 --output-junit and pytest 7.2.1; see samples/README.md), and malformed input.
#include "report/junit_reader.hpp"

#include <gtest/gtest.h>

#include "report/junit_render.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

const TestCase& find_case(const JunitReport& report, const std::string& name) {
    for (const TestSuite& suite : report.suites) {
        for (const TestCase& test_case : suite.cases) {
            if (test_case.name == name) return test_case;
        }
    }
    throw std::runtime_error("no test case " + name);
}

void expect_counts(const JunitReport& report, std::size_t tests, std::size_t failures,
                   std::size_t errors, std::size_t skipped) {
    const Counts counts = count(report);
    EXPECT_EQ(counts.tests, tests);
    EXPECT_EQ(counts.failures, failures);
    EXPECT_EQ(counts.errors, errors);
    EXPECT_EQ(counts.skipped, skipped);
}

int malformed_line(const std::string& xml, std::string* problem = nullptr) {
    try {
        parse_junit_xml(xml);
    } catch (const MalformedReport& error) {
        if (problem != nullptr) *problem = error.what();
        return error.line();
    }
    ADD_FAILURE() << "accepted: " << xml;
    return 0;
}

TEST(SchemaCheck, ProducersOwnFilesAreRejectedSoTheCheckCanFail) {
    // The real samples carry attributes/elements the Jenkins schema forbids; the helper must
    // say so, or every "valid" verdict in these tests would mean nothing.
    EXPECT_FALSE(valid_junit(read_sample("gtest-1.12.1.xml")));
    EXPECT_FALSE(valid_junit(read_sample("ctest-3.25.1.xml")));
    EXPECT_FALSE(valid_junit(read_sample("pytest-7.2.1.xml")));
    EXPECT_FALSE(valid_junit("<testsuites><testsuite name='x' tests='1' failures='0' errors='0' time='0.0123'/></testsuites>"));
}

TEST(JunitReader, GoogleTest) {
    const JunitReport report = parse_junit_xml(read_sample("gtest-1.12.1.xml"));
    ASSERT_EQ(report.suites.size(), 2u);
    EXPECT_EQ(report.suites[0].name, "Arithmetic");
    EXPECT_EQ(report.suites[1].name, "Numbers/Param");
    // 7 cases; FailsTwice and IsEven/1 failed; Skips skipped, DISABLED_NotReady not run.
    expect_counts(report, 7, 2, 0, 2);

    const TestCase& fails = find_case(report, "FailsTwice");
    EXPECT_EQ(fails.verdict, Verdict::failed);
    EXPECT_EQ(fails.classname, "Arithmetic");
    EXPECT_EQ(fails.message.rfind("sample_test.cpp:8\nExpected equality", 0), 0u) << fails.message;
    EXPECT_NE(fails.detail.find("first <failure> & \"quotes\" ]]> end"), std::string::npos) << fails.detail;
    EXPECT_NE(fails.detail.find("second failure"), std::string::npos) << "both failures kept";

    EXPECT_EQ(find_case(report, "Skips").verdict, Verdict::skipped);
    EXPECT_EQ(find_case(report, "Skips").message, "sample_test.cpp:12\nneeds a GPU");
    EXPECT_EQ(find_case(report, "DISABLED_NotReady").verdict, Verdict::skipped);
    EXPECT_EQ(find_case(report, "DISABLED_NotReady").message, "disabled (status=\"notrun\")");
    EXPECT_EQ(find_case(report, "Sleeps").seconds, 0.025);
    EXPECT_EQ(report.suites[0].timestamp.size(), 19u) << "fraction dropped";
}

TEST(JunitReader, CTestOutputJunit) {
    const JunitReport report = parse_junit_xml(read_sample("ctest-3.25.1.xml"));
    ASSERT_EQ(report.suites.size(), 1u);  // root is a bare <testsuite>
    // passes, fails, skips (SKIP_RETURN_CODE), disabled, crashes, slow.
    expect_counts(report, 6, 2, 0, 2);
    EXPECT_EQ(find_case(report, "skips").message, "SKIP_RETURN_CODE=77");
    EXPECT_EQ(find_case(report, "disabled").verdict, Verdict::skipped);
    EXPECT_EQ(find_case(report, "crashes").verdict, Verdict::failed);
    EXPECT_EQ(find_case(report, "passes").system_out, "hello from passes\n");
    EXPECT_GT(*find_case(report, "slow").seconds, 0.1);
}

TEST(JunitReader, Pytest) {
    const JunitReport report = parse_junit_xml(read_sample("pytest-7.2.1.xml"));
    ASSERT_EQ(report.suites.size(), 1u);
    EXPECT_EQ(report.suites[0].hostname, "vm");
    // passes, fails, fixture error, skip, xfail (skipped), property, class test.
    expect_counts(report, 7, 1, 1, 2);
    EXPECT_EQ(find_case(report, "test_errors_in_fixture").message,
              "failed on setup with \"RuntimeError: fixture exploded\"");
    EXPECT_EQ(find_case(report, "test_xfail").verdict, Verdict::skipped);
    EXPECT_EQ(find_case(report, "test_in_class").classname, "test_sample.TestGroup");
    EXPECT_NE(find_case(report, "test_passes").system_out.find("hello from pytest"), std::string::npos);
}

TEST(JunitReader, CountsInTheInputAreNotTrusted) {
    const JunitReport report = parse_junit_xml(
        "<testsuite name='s' tests='99' failures='42' errors='7'>"
        "<testcase name='a'/><testcase name='b'><error message='boom'/></testcase></testsuite>");
    expect_counts(report, 2, 0, 1, 0);
}

TEST(JunitReader, OneVerdictPerCaseErrorBeatsFailureBeatsSkip) {
    const JunitReport report = parse_junit_xml(
        "<testsuite name='s'><testcase name='a'><skipped message='s'/><failure message='f'>F</failure>"
        "<error message='e' type='Boom'>E</error></testcase></testsuite>");
    const TestCase& a = report.suites[0].cases[0];
    EXPECT_EQ(a.verdict, Verdict::errored);
    EXPECT_EQ(a.message, "e");
    EXPECT_EQ(a.result_type, "Boom");
    EXPECT_EQ(a.detail, "s\nF\nE");
}

TEST(JunitReader, MessageFallsBackToTheBodysFirstLine) {
    const JunitReport report =
        parse_junit_xml("<testsuite name='s'><testcase name='a'><failure>\n  boom\nstack</failure></testcase></testsuite>");
    EXPECT_EQ(report.suites[0].cases[0].message, "boom");
}

TEST(JunitReader, NestedSuitesAreFlattened) {
    const JunitReport report = parse_junit_xml(
        "<testsuites><testsuite name='outer'><testsuite name='inner1'><testcase name='a'/></testsuite>"
        "<testsuite name='inner2'><testcase name='b'/><testsuite name='deep'><testcase name='c'/>"
        "</testsuite></testsuite></testsuite></testsuites>");
    ASSERT_EQ(report.suites.size(), 3u) << "the case-less container is dropped";
    EXPECT_EQ(report.suites[0].name, "inner1");
    EXPECT_EQ(report.suites[1].name, "inner2");
    EXPECT_EQ(report.suites[2].name, "deep");
    expect_counts(report, 3, 0, 0, 0);
}

TEST(JunitReader, TimestampsAreNormalisedToUtc) {
    auto timestamp_of = [](const std::string& value) {
        return parse_junit_xml("<testsuite name='s' timestamp='" + value + "'/>").suites[0].timestamp;
    };
    EXPECT_EQ(timestamp_of("2024-02-29T23:30:00+02:00"), "2024-02-29T21:30:00");
    EXPECT_EQ(timestamp_of("2024-12-31T23:30:00.123-0100"), "2025-01-01T00:30:00");
    EXPECT_EQ(timestamp_of("2024-01-01T00:00:00Z"), "2024-01-01T00:00:00");
    EXPECT_EQ(timestamp_of("2024-01-01T10:00:00.123456"), "2024-01-01T10:00:00");
    EXPECT_EQ(timestamp_of("yesterday"), "");
}

TEST(JunitReader, MalformedInputNamesTheLine) {
    std::string problem;
    // tinyxml2 names the line of the element left open.
    EXPECT_EQ(malformed_line("<testsuite name='s'>\n<testcase name='a'>\n</testsuite>\n", &problem), 2);
    EXPECT_EQ(problem, "not well-formed XML (mismatched element) in <testcase>");
    EXPECT_EQ(malformed_line("<testsuites>\n<testsuite name='s'>\n<testcase name='a'/>\n"), 2);
    EXPECT_EQ(malformed_line("<testsuite name='s'/>\n\n<testsuite name='t'/>\n", &problem), 3);
    EXPECT_EQ(problem, "a second root element <testsuite> (only one is allowed)");
    EXPECT_EQ(malformed_line(""), 1);
    EXPECT_EQ(malformed_line("\n\n<html>\n</html>", &problem), 3);
    EXPECT_EQ(problem, "root element is <html>, expected <testsuites> or <testsuite>");
    EXPECT_EQ(malformed_line("<testsuite name='s'>\n\n<testcase classname='c'/></testsuite>", &problem), 3);
    EXPECT_EQ(problem, "<testcase> has no name attribute");
    EXPECT_EQ(malformed_line("<testsuites>\n<testcase name='a'/></testsuites>", &problem), 2);
    EXPECT_EQ(problem, "<testcase> outside a <testsuite>");
    EXPECT_EQ(malformed_line(std::string("<testsuite name='s'>\n\n\n<testcase name='a\0'/></testsuite>", 50), &problem), 4);
    EXPECT_EQ(problem, "NUL byte (not allowed in XML)");
    EXPECT_EQ(malformed_line("<testsuite name='s'>\n<testcase name='a' name='b'/></testsuite>"), 2);
}

// tinyxml2 checks each attribute against every one before it on its element (50,000 of them: ~8 s
// of the supervisor's CPU time): more than 64 on one element make the file malformed, unparsed. What
// only looks like attributes does not count: '=' and '>' in values, comments, text.
TEST(JunitReader, AnElementWithTooManyAttributesIsMalformedUnparsed) {
    const auto attributes = [](int count) {
        std::string text;
        for (int i = 0; i < count; ++i) text += " a" + std::to_string(i) + (i % 2 ? "=\"x\"" : " = 'x'");
        return text;
    };
    std::string problem;
    EXPECT_EQ(malformed_line("<testsuite name='s'>\n<!-- -->\n<testcase name='t'\n" + attributes(63) + "/>\n<testcase name='u'" +
                                 attributes(60) + "/>\n<testcase" + attributes(64) + " name='v'/></testsuite>",
                             &problem),
              6);
    EXPECT_EQ(problem, "an element with more than 64 attributes (isotest parses no more on one element)");
    EXPECT_EQ(malformed_line("<testsuite name='s'" + attributes(100000) + "/>", &problem), 1);

    const std::string many_signs(500, '=');
    const JunitReport report =
        parse_junit_xml("<?xml version='1.0' encoding='UTF-8'?><testsuite name='s'><!-- " + many_signs + " -->"
                        "<testcase name='t' classname='c'><failure message='" + many_signs + "&gt;" + many_signs +
                        "'>" + many_signs + " a='b' " + many_signs + "</failure></testcase></testsuite>");
    EXPECT_EQ(find_case(report, "t").message, many_signs + ">" + many_signs);
}

TEST(JunitReader, OurOwnReportRoundTrips) {
    JunitReport report;
    TestSuite suite;
    suite.name = "s";
    suite.seconds = 2.5;
    suite.timestamp = "2023-11-14T22:13:20";
    suite.hostname = "h";
    suite.properties = {{"isotest.version", "1"}, {"isotest.written_files", "none"}};
    suite.system_out = "out\n";
    suite.system_err = "err\n";
    TestCase failed;
    failed.name = "f";
    failed.classname = "c";
    failed.seconds = 1.25;
    failed.verdict = Verdict::failed;
    failed.result_type = "isotest.ExitCode";
    failed.message = "exited with status 3";
    failed.detail = "exited with status 3\nmore";
    TestCase skipped;
    skipped.name = "s";
    skipped.classname = "c";
    skipped.seconds = 0;
    skipped.verdict = Verdict::skipped;
    skipped.message = "why";
    skipped.detail = "why";
    suite.cases = {failed, skipped};
    report.suites.push_back(suite);

    const JunitReport read = parse_junit_xml(render_junit_xml(report));
    ASSERT_EQ(read.suites.size(), 1u);
    const TestSuite& back = read.suites[0];
    EXPECT_EQ(back.name, "s");
    EXPECT_EQ(back.seconds, 2.5);
    EXPECT_EQ(back.timestamp, suite.timestamp);
    EXPECT_EQ(back.hostname, "h");
    ASSERT_EQ(back.properties.size(), 2u);
    EXPECT_EQ(back.properties[1].value, "none");
    EXPECT_EQ(back.system_out, "out\n");
    EXPECT_EQ(back.system_err, "err\n");
    ASSERT_EQ(back.cases.size(), 2u);
    EXPECT_EQ(back.cases[0].verdict, Verdict::failed);
    EXPECT_EQ(back.cases[0].result_type, "isotest.ExitCode");
    EXPECT_EQ(back.cases[0].message, failed.message);
    EXPECT_EQ(back.cases[0].detail, failed.detail);
    EXPECT_EQ(back.cases[0].seconds, 1.25);
    EXPECT_EQ(back.cases[1].verdict, Verdict::skipped);
    EXPECT_EQ(back.cases[1].message, "why");
}

}  // namespace
}  // namespace isotest::report
