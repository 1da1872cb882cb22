#include "report/run_report.hpp"

#include "report/outcome_verdict.hpp"
#include "report/own_results.hpp"
#include "report/run_properties.hpp"
#include "report/time_text.hpp"

namespace isotest::report {

std::string default_case_name(const SandboxSpec& spec) {
    if (!spec.report.name.empty()) return spec.report.name;
    if (spec.command.empty() || spec.command[0].empty()) return "test";
    std::string command = spec.command[0];
    while (command.size() > 1 && command.back() == '/') command.pop_back();
    const auto slash = command.rfind('/');
    return slash == std::string::npos ? command : command.substr(slash + 1);
}

namespace {

JunitReport assemble(const SandboxSpec& spec, const Outcome& outcome, const HostFacts& host, const RunVerdict& run,
                     std::string system_out, std::string system_err) {
    TestSuite suite;
    const std::string case_name = default_case_name(spec);
    suite.name = spec.report.suite.empty() ? case_name : spec.report.suite;
    suite.seconds = outcome.wall_seconds;
    suite.timestamp = format_utc_timestamp(
        outcome.started == std::chrono::system_clock::time_point{} ? host.now : outcome.started);
    suite.hostname = host.hostname;
    suite.properties = run_properties(spec, outcome, host);
    suite.system_out = std::move(system_out);
    suite.system_err = std::move(system_err);

    const OwnResults own = read_own_results(outcome.own_xml);
    if (own.status != OwnResults::Status::absent) {
        suite.properties.push_back({"isotest.own_results", own.note});
    }
    if (own.status == OwnResults::Status::malformed) {
        if (!suite.system_err.empty() && suite.system_err.back() != '\n') suite.system_err += '\n';
        suite.system_err += "[isotest: the test's own JUnit XML is " + own.note + "]\n";
    }
    suite.cases = own.cases;

    const bool clean_exit = outcome.kind == OutcomeKind::exited && outcome.terminating_signal == 0;
    if (!own_results_explain(own, run.verdict, clean_exit)) {
        TestCase whole_run;
        whole_run.name = case_name;
        whole_run.classname = spec.report.classname.empty() ? default_classname : spec.report.classname;
        whole_run.seconds = outcome.wall_seconds;
        whole_run.verdict = run.verdict;
        whole_run.result_type = run.type;
        whole_run.message = run.message;
        whole_run.detail = run.detail;
        suite.cases.push_back(std::move(whole_run));
    }

    JunitReport report;
    report.suites.push_back(std::move(suite));
    return report;
}

}  // namespace

JunitReport build_run_report(const SandboxSpec& spec, const Outcome& outcome, const HostFacts& host) {
    if (!outcome.output_captured) return assemble(spec, outcome, host, judge_outcome(spec, outcome), {}, {});
    return assemble(spec, outcome, host, judge_outcome(spec, outcome), outcome.stdout_capture.text(),
                    outcome.stderr_capture.text());
}

JunitReport build_run_report(const SandboxSpec& spec, Outcome&& outcome, const HostFacts& host) {
    const RunVerdict run = judge_outcome(spec, outcome);  // reads stderr's last lines: before the move
    if (!outcome.output_captured) return assemble(spec, outcome, host, run, {}, {});
    std::string system_out = outcome.stdout_capture.take_text();
    std::string system_err = outcome.stderr_capture.take_text();
    return assemble(spec, outcome, host, run, std::move(system_out), std::move(system_err));
}

}  // namespace isotest::report
