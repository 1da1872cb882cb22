#include "report/run_report.hpp"

#include "report/outcome_verdict.hpp"
#include "report/own_results.hpp"
#include "report/run_properties.hpp"
#include "report/tap_results.hpp"
#include "report/time_text.hpp"
#include "report/xml_text.hpp"

namespace isotest::report {

namespace {

void append_line(std::string& text, const std::string& line) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += line + "\n";
}

std::string left_out_counts(const Counts& counts) {
    return "tests=" + std::to_string(counts.tests) + " failures=" + std::to_string(counts.failures) +
           " errors=" + std::to_string(counts.errors) + " skipped=" + std::to_string(counts.skipped);
}

// `properties` were taken before the captures were moved out: they describe the whole streams.
RunReport assemble(const SandboxSpec& spec, const Outcome& outcome, const HostFacts& host, const RunVerdict& run,
                   std::vector<Property> properties, std::string own_xml, std::string system_out,
                   std::string system_err, std::size_t stdout_unread) {
    RunReport result;
    TestSuite suite;
    suite.name = spec.report.suite;
    suite.seconds = outcome.wall_seconds;
    suite.timestamp = format_utc_timestamp(
        outcome.started == std::chrono::system_clock::time_point{} ? host.now : outcome.started);
    suite.hostname = host.hostname;
    suite.properties = std::move(properties);
    suite.system_out = std::move(system_out);
    suite.system_err = std::move(system_err);

    const std::string& classname = spec.report.classname;
    const bool tap = spec.report.results == ResultsFormat::tap;
    OwnResults own = tap ? read_tap_results(suite.system_out, stdout_unread, classname)
                         : read_own_results(std::move(own_xml), outcome.own_xml_refused);
    if (own.status != OwnResults::Status::absent) {
        suite.properties.push_back({"isotest.own_results", own.note});
    }
    if (own.left_out.tests > 0) {
        suite.properties.push_back({"isotest.own_results_left_out", left_out_counts(own.left_out)});
    }
    if (own.incomplete()) {
        // For a terminal: what the test wrote (an element's name in a parse error) shows as
        // visible markers, never as escape sequences, and on one line.
        result.notice = clean_xml_attribute(std::string(tap ? "the test's TAP" : "the test's own JUnit XML") + ": " + own.note);
        append_line(suite.system_err, "[isotest: " + result.notice + "]");
    }
    const bool clean_exit = outcome.kind == OutcomeKind::exited && outcome.terminating_signal == 0;
    const bool explained = own_results_explain(own, run.verdict, clean_exit);
    suite.cases = std::move(own.cases);
    if (!explained) {
        TestCase whole_run;
        whole_run.name = spec.report.name;
        whole_run.classname = classname;
        whole_run.seconds = outcome.wall_seconds;
        whole_run.verdict = run.verdict;
        whole_run.result_type = run.type;
        whole_run.message = run.message;
        whole_run.detail = run.detail;
        suite.cases.push_back(std::move(whole_run));
    }

    result.junit.suites.push_back(std::move(suite));
    return result;
}

}  // namespace

RunReport build_run_report(const SandboxSpec& spec, const Outcome& outcome, const HostFacts& host) {
    const RunVerdict run = judge_outcome(spec, outcome);
    std::vector<Property> properties = run_properties(spec, outcome, host);
    if (!outcome.output_captured) return assemble(spec, outcome, host, run, std::move(properties), outcome.own_xml, {}, {}, 0);
    return assemble(spec, outcome, host, run, std::move(properties), outcome.own_xml, outcome.stdout_capture.text(),
                    outcome.stderr_capture.text(), outcome.stdout_capture.dropped_bytes());
}

RunReport build_run_report(const SandboxSpec& spec, Outcome&& outcome, const HostFacts& host) {
    // Both read the captures (stderr's last lines, the streams' sizes): before they are moved.
    const RunVerdict run = judge_outcome(spec, outcome);
    std::vector<Property> properties = run_properties(spec, outcome, host);
    std::string own_xml = std::move(outcome.own_xml);
    if (!outcome.output_captured) {
        return assemble(spec, outcome, host, run, std::move(properties), std::move(own_xml), {}, {}, 0);
    }
    const std::size_t stdout_unread = outcome.stdout_capture.dropped_bytes();
    std::string system_out = outcome.stdout_capture.take_text();
    std::string system_err = outcome.stderr_capture.take_text();
    return assemble(spec, outcome, host, run, std::move(properties), std::move(own_xml), std::move(system_out),
                    std::move(system_err), stdout_unread);
}

}  // namespace isotest::report
