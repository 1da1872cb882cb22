// The check every report test relies on must be able to fail, both ways it is made: against the
// schema (where ISOTEST_SHARED_DIR has it) and, without the schema, by the rules of
// tests/consumers/junit-rules/ — which are exercised here even where the schema is present, so CI
// keeps them honest: they accept our reports and reject what the schema rejects.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/junit_render.hpp"
#include "report/run_report.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

const std::string kJenkins = "jenkins-xunit-junit-10.xsd";
const std::string kWindyroad = "windyroad-JUnit.xsd";

std::string our_report(const Outcome& outcome) {
    return render_junit_xml(build_run_report(spec_running({"./t", "--flag"}), outcome, fixed_host()).junit);
}

std::vector<std::string> our_reports() {
    Outcome skipped = exited_with(77);
    Outcome timed_out = exited_with(0);
    timed_out.kind = OutcomeKind::timed_out;
    SandboxSpec skipping = spec_running({"./t"});
    skipping.report.skip_exit_code = 77;
    return {our_report(exited_with(0)), our_report(exited_with(3)), our_report(timed_out),
            render_junit_xml(build_run_report(skipping, skipped, fixed_host()).junit)};
}

// `xml` with the first `from` replaced by `to` (which must be there: a mutation that did not
// happen would make its test vacuous).
std::string with(std::string xml, const std::string& from, const std::string& to) {
    const std::size_t at = xml.find(from);
    EXPECT_NE(at, std::string::npos) << "no " << from << " in\n" << xml;
    if (at != std::string::npos) xml.replace(at, from.size(), to);
    return xml;
}

TEST(SchemaCheck, TheRulesAcceptOurReports) {
    for (const std::string& xml : our_reports()) {
        EXPECT_TRUE(valid_by_rules(xml, kJenkins));
        EXPECT_TRUE(valid_by_rules(in_ant_shape(xml), kWindyroad));
        EXPECT_TRUE(valid_junit(xml));
        EXPECT_TRUE(valid_windyroad_in_ant_shape(xml));
    }
}

TEST(SchemaCheck, TheRulesRejectTheProducersOwnFilesAsTheSchemaDoes) {
    for (const std::string sample : {"gtest-1.12.1.xml", "ctest-3.25.1.xml", "pytest-7.2.1.xml"}) {
        EXPECT_FALSE(valid_by_rules(read_sample(sample), kJenkins)) << sample;
    }
}

// Our report broken as a bug in the writer could break it: each is rejected by the check the
// tests use (schema or rules) and by the rules alone.
TEST(SchemaCheck, BrokenReportsAreRejected) {
    const std::string xml = our_report(exited_with(3));
    const std::vector<std::string> broken = {
        xml.substr(0, xml.size() / 2),                                      // cut short
        with(xml, " errors=\"0\" skipped=", " skipped="),                   // a suite without its errors count
        with(xml, "<testcase name=", "<testcase status=\"run\" name="),    // an attribute the schema lacks
        with(xml, "</testsuite>", "<stdout>x</stdout></testsuite>"),         // an element it lacks
        with(xml, "<properties>", "<properties><oops/>"),                   // a stranger among the properties
        with(xml, "<testsuite name=", "<testsuite time=\"0.0123\" name="),  // time with 4 decimals
        with(xml, "<testsuite ", "<testsuite><testsuite "),                 // not even well-formed
    };
    for (const std::string& report : broken) {
        EXPECT_FALSE(valid_junit(report)) << report;
        EXPECT_FALSE(valid_by_rules(report, kJenkins)) << report;
    }
    // Counts that disagree with the cases: beyond the schema, the rules catch them.
    EXPECT_FALSE(valid_by_rules(with(xml, "<testsuite name=\"t\" tests=\"1\"", "<testsuite name=\"t\" tests=\"2\""),
                                kJenkins));
    // The Ant schema's demands: a hostname, a timestamp without zone, one verdict per case.
    const std::string ant = in_ant_shape(xml);
    for (const std::string& report : {with(ant, " hostname=\"buildhost\"", ""),
                                      with(ant, "T22:13:20\"", "T22:13:20Z\""),
                                      with(ant, "</failure>", "</failure><error type=\"x\"/>")}) {
        EXPECT_FALSE(valid_against_schema(report, kWindyroad)) << report;
        EXPECT_FALSE(valid_by_rules(report, kWindyroad)) << report;
    }
}

}  // namespace
}  // namespace isotest::report
