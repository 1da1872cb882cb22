// write_junit_report: the entry point main() calls after a run (see isotest/report.hpp).
#include "isotest/report.hpp"

#include "report/host_facts.hpp"
#include "report/junit_render.hpp"
#include "report/run_report.hpp"

namespace isotest {

void write_junit_report(const report::AtomicFileTarget& destination, const SandboxSpec& spec, Outcome&& outcome) {
    const report::JunitReport junit =
        report::build_run_report(spec, std::move(outcome), report::current_host_facts());
    destination.write([&](std::FILE* out) { report::render_junit_xml(junit, out); });
}

void write_junit_report(const SandboxSpec& spec, const Outcome& outcome) {
    if (spec.report.junit_path.empty()) return;
    write_junit_report(report::AtomicFileTarget(spec.report.junit_path), spec, Outcome(outcome));
}

}  // namespace isotest
