// isotest: run one test in fresh Linux namespaces and report it as JUnit XML.
#include <unistd.h>

#include <iostream>

#include "cli/doctor.hpp"
#include "cli/exit_like_test.hpp"
#include "cli/options.hpp"
#include "cli/subcommands.hpp"
#include "isotest/error.hpp"
#include "report/outcome_verdict.hpp"
#include "report/report.hpp"
#include "sandbox/supervisor.hpp"

extern char** environ;

namespace {

isotest::cli::HostContext host_context() {
    isotest::cli::HostContext host;
    for (char** entry = environ; *entry; ++entry) host.environment.emplace_back(*entry);
    std::vector<char> buffer(4096);
    while (!::getcwd(buffer.data(), buffer.size())) {
        if (errno != ERANGE) throw isotest::SyscallError("getcwd", "", errno);
        buffer.resize(buffer.size() * 2);
    }
    host.cwd = buffer.data();
    return host;
}

void print_error(const std::string& message) { std::cerr << "isotest: error: " << message << std::endl; }

isotest::Outcome command_failure(const isotest::Error& error) {
    isotest::Outcome outcome;
    outcome.kind = isotest::OutcomeKind::setup_failed;
    outcome.exit_code = error.exit_status();
    outcome.message = error.what();
    outcome.started = std::chrono::system_clock::now();
    return outcome;
}

// When isotest, not the test, ended the run (--timeout, or a signal isotest received and passed
// on, such as CTest's TIMEOUT_SIGNAL_NAME), one line says so: the test's own output may say
// nothing, and CTest shows only "***Failed" or "***Timeout". The wording is the report's.
void say_why_isotest_ended_it(const isotest::SandboxSpec& spec, const isotest::Outcome& outcome) {
    if (outcome.kind != isotest::OutcomeKind::timed_out && outcome.terminating_signal == 0) return;
    std::cerr << "isotest: " << isotest::report::judge_outcome(spec, outcome).message << std::endl;
}

// How isotest ends: the test's exit status, or the signal it died of (see exit_like_test.hpp).
struct RunEnd {
    int status;
    int signal = 0;
};

// The report's place is fixed and checked writable before the test runs: the test cannot
// redirect the write, and a --junit that cannot be written is isotest's own error (125, one
// line) with the test not run, rather than a finished run whose status and report are lost.
RunEnd run_test(const isotest::SandboxSpec& spec, const std::optional<isotest::Error>& command_error) {
    std::optional<isotest::report::AtomicFileTarget> destination;
    if (!spec.report.junit_path.empty()) destination.emplace(spec.report.junit_path);
    isotest::Outcome outcome = command_error ? command_failure(*command_error) : isotest::run_sandboxed(spec);
    if (outcome.kind == isotest::OutcomeKind::setup_failed) print_error(outcome.message);
    say_why_isotest_ended_it(spec, outcome);
    if (!outcome.kept_writes.empty()) std::cerr << "isotest: " << outcome.kept_writes << std::endl;
    RunEnd end{isotest::exit_status(outcome),
               outcome.kind == isotest::OutcomeKind::signaled ? outcome.signal : 0};
    try {
        if (destination) {
            // Said on the terminal too: a cut or ignored own report is easy to miss in a file.
            const std::string notice = isotest::write_junit_report(*destination, spec, std::move(outcome));
            if (!notice.empty()) std::cerr << "isotest: " << notice << std::endl;
        }
    } catch (const isotest::Error& error) {
        print_error(error.what());
        end = {isotest::exit_code::isotest_failure};
    }
    return end;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const isotest::cli::Invocation invocation = isotest::cli::parse(args, host_context());
        switch (invocation.action) {
            case isotest::cli::Action::help: std::cout << invocation.help_text; return 0;
            case isotest::cli::Action::version: std::cout << "isotest " << ISOTEST_VERSION << "\n"; return 0;
            case isotest::cli::Action::doctor: return isotest::cli::run_doctor();
            case isotest::cli::Action::merge: return isotest::cli::run_merge_command(invocation.subcommand_args);
            case isotest::cli::Action::report: return isotest::cli::run_report_command(invocation.subcommand_args);
            case isotest::cli::Action::run: {
                const RunEnd end = run_test(invocation.spec, invocation.command_error);
                isotest::cli::exit_like_test(end.status, end.signal);
            }
        }
    } catch (const isotest::Error& error) {
        print_error(error.what());
        return error.exit_status();
    } catch (const std::exception& error) {
        print_error(error.what());
        return isotest::exit_code::isotest_failure;
    }
    return isotest::exit_code::isotest_failure;
}
