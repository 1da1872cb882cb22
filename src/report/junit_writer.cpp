// write_junit_report: the entry point main() calls after a run (see report/report.hpp).
#include "report/report.hpp"

#include "report/host_facts.hpp"
#include "report/junit_render.hpp"
#include "report/run_report.hpp"

namespace isotest {
namespace {

std::string write_report(report::AtomicFileTarget& destination, const report::RunReport& run) {
    destination.write([&](std::FILE* out) { report::render_junit_xml(run.junit, out); });
    return run.notice;
}

}  // namespace

std::string write_junit_report(report::AtomicFileTarget& destination, const SandboxSpec& spec, Outcome&& outcome) {
    return write_report(destination, report::build_run_report(spec, std::move(outcome), report::current_host_facts()));
}

}  // namespace isotest
