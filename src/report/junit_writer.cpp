// write_junit_report: the entry point main() calls after a run (see isotest/report.hpp).
#include "isotest/report.hpp"

#include "report/host_facts.hpp"
#include "report/junit_render.hpp"
#include "report/run_report.hpp"

namespace isotest {
namespace {

void write_report(report::AtomicFileTarget& destination, const report::JunitReport& junit) {
    destination.write([&](std::FILE* out) { report::render_junit_xml(junit, out); });
}

}  // namespace

void write_junit_report(report::AtomicFileTarget& destination, const SandboxSpec& spec, Outcome&& outcome) {
    write_report(destination, report::build_run_report(spec, std::move(outcome), report::current_host_facts()));
}

void write_junit_report(const SandboxSpec& spec, const Outcome& outcome) {
    if (spec.report.junit_path.empty()) return;
    report::AtomicFileTarget destination(spec.report.junit_path);
    write_report(destination, report::build_run_report(spec, outcome, report::current_host_facts()));
}

}  // namespace isotest
