#include "report/outcome_verdict.hpp"

#include <algorithm>

#include "report/network_attempts.hpp"
#include "report/time_text.hpp"

namespace isotest::report {
namespace {

// Of each stream, the failure body keeps this much: why a test failed is often on stdout (a
// Unity "FAIL: Expected 42 Was 41", the gtest case that crashed), often on stderr.
constexpr std::size_t tail_lines = 20;
constexpr std::size_t tail_bytes = 4096;
// Network attempts named in the one-line message; the body lists them all.
constexpr std::size_t message_attempts = 3;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string signal_description(const Outcome& outcome) {
    std::string text = "killed by signal " + signal_name(outcome.signal);
    if (outcome.core_dumped) text += " (core dumped)";
    if (outcome.memory_limit_hit) text += ": out of memory at the --memory limit";
    return text;
}

// What happened to the test itself, for the "terminated" message.
std::string test_fate(const Outcome& outcome) {
    switch (outcome.kind) {
        case OutcomeKind::exited:
            return "the test exited with status " + std::to_string(outcome.exit_code);
        case OutcomeKind::signaled: return "the test was " + signal_description(outcome);
        case OutcomeKind::timed_out: return "the test had also timed out";
        case OutcomeKind::setup_failed: return "the sandbox was not set up";
    }
    return {};
}

std::string last_lines(const std::string& text) {
    std::size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n') --end;  // a trailing newline starts no line
    std::size_t start = 0;
    std::size_t newlines = 0;
    for (std::size_t at = end; at > 0; --at) {
        if (text[at - 1] == '\n' && ++newlines == tail_lines) {
            start = at;
            break;
        }
    }
    start = std::max(start, text.size() > tail_bytes ? text.size() - tail_bytes : 0);
    return text.substr(start);
}

std::string joined_command(const SandboxSpec& spec) {
    std::string text;
    for (const std::string& argument : spec.command) {
        if (!text.empty()) text += ' ';
        text += argument;
    }
    return text;
}

RunVerdict verdict_of_outcome(const SandboxSpec& spec, const Outcome& outcome) {
    RunVerdict result;
    if (outcome.terminating_signal != 0) {
        result.verdict = Verdict::errored;
        result.type = "isotest.Terminated";
        result.message = "terminated: isotest received " + signal_name(outcome.terminating_signal) +
                         "; " + test_fate(outcome);
        return result;
    }
    switch (outcome.kind) {
        case OutcomeKind::exited:
            if (spec.report.skip_exit_code && outcome.exit_code == *spec.report.skip_exit_code) {
                result.verdict = Verdict::skipped;
                result.message = "skipped: exited with status " + std::to_string(outcome.exit_code) +
                                 " (the skip exit code)";
            } else if (outcome.exit_code != 0) {
                result.verdict = Verdict::failed;
                result.type = "isotest.ExitCode";
                result.message = "exited with status " + std::to_string(outcome.exit_code);
            }
            break;
        case OutcomeKind::signaled:
            result.verdict = Verdict::errored;
            result.type = "isotest.Signal";
            result.message = signal_description(outcome);
            break;
        case OutcomeKind::timed_out:
            result.verdict = Verdict::errored;
            result.type = "isotest.Timeout";
            result.message = "timed out after " +
                             format_seconds(spec.timeout_seconds.value_or(outcome.wall_seconds)) +
                             " s (--timeout); the test was killed";
            break;
        case OutcomeKind::setup_failed:
            result.verdict = Verdict::errored;
            result.type = "isotest.SandboxError";
            result.message = outcome.message.empty() ? "the sandbox could not be set up"
                                                     : first_line(outcome.message);
            break;
    }
    return result;
}

}  // namespace

RunVerdict judge_outcome(const SandboxSpec& spec, const Outcome& outcome) {
    RunVerdict result = verdict_of_outcome(spec, outcome);
    if (result.verdict == Verdict::passed) return result;
    const bool tried = result.verdict != Verdict::skipped && tried_network(outcome);
    if (tried) result.message += "; network attempts refused: " + network_attempts_text(outcome, message_attempts);
    result.detail = result.message + "\n";
    if (outcome.kind == OutcomeKind::setup_failed && outcome.message.find('\n') != std::string::npos) {
        result.detail += outcome.message.substr(outcome.message.find('\n') + 1) + "\n";
    }
    result.detail += "command: " + joined_command(spec) + "\n";
    if (tried) result.detail += "network attempts refused by isotest: " + network_attempts_text(outcome) + "\n";
    // A failure there may be the kernel's EIO: say it where the reader looks.
    if (!outcome.overlay_limit.empty()) result.detail += "note: " + outcome.overlay_limit + "\n";
    if (!outcome.output_captured) return result;
    const char* stdout_name = outcome.stderr_in_stdout ? "stdout and stderr" : "stdout";
    for (const auto& [name, capture] : {std::pair{stdout_name, &outcome.stdout_capture}, std::pair{"stderr", &outcome.stderr_capture}}) {
        if (capture->total_bytes() == 0) continue;
        if (result.detail.back() != '\n') result.detail += '\n';
        result.detail += std::string("last lines of ") + name + ":\n" + last_lines(capture->last_bytes(tail_bytes));
    }
    return result;
}

}  // namespace isotest::report
