#include "sandbox/outcome_assembly.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <variant>

#include "isotest/exit_codes.hpp"
#include "sandbox/attempt_log.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/verbose.hpp"

namespace isotest::outcome_assembly {

void Assembly::launch_failed(const Error& error) {
    launch_failed_ = true;
    outcome_.exit_code = error.exit_status();
    outcome_.message = error.what();
}

void Assembly::add_step(const std::string& name, double milliseconds) {
    outcome_.setup_steps.push_back({name, milliseconds});
    outcome_.setup_seconds += milliseconds / 1000.0;
    if (verbose_) verbose::print_timed(milliseconds, name);
}

bool Assembly::take(channel::Decoded&& decoded, double now_seconds) {
    if (const auto* garbled = std::get_if<channel::Garbled>(&decoded)) {
        garbled_message_ = channel::describe(*garbled);
        return false;
    }
    now_ = now_seconds;
    std::visit([this](auto&& record) { handle(std::move(record)); }, std::get<channel::Record>(std::move(decoded)));
    return true;
}

// Reaped before the test's status arrived (or without one): init's own usage, which includes
// the test's, and the time it ended stand in for the records'.
void Assembly::init_exited(const InitExit& exit) {
    init_status_ = exit.status;
    if (command_status_) return;  // the usage record came with the status
    outcome_.user_seconds = sys::seconds(exit.usage.ru_utime);
    outcome_.system_seconds = sys::seconds(exit.usage.ru_stime);
    outcome_.peak_rss_kib = exit.usage.ru_maxrss;
    outcome_.wall_seconds = exit.at_seconds - start_;
}

void Assembly::handle(channel::Note&& note) {
    if (verbose_) verbose::print(note.text);
}

void Assembly::handle(channel::Error&& error) {
    setup_error_ = true;
    outcome_.exit_code = error.exit_status;
    outcome_.message = std::move(error.message);
}

void Assembly::handle(channel::CommandStatus&& status) {
    command_status_ = status.wait_status;
    outcome_.wall_seconds = now_ - start_;
}

void Assembly::handle(channel::Usage&& usage) {
    outcome_.user_seconds = usage.user_seconds;
    outcome_.system_seconds = usage.system_seconds;
    outcome_.peak_rss_kib = usage.peak_kib;
}

// The responder sends each attempt when first seen and again at the end if it was seen more
// often, by its place in its log (attempt_log.hpp), first sightings in order: a place already
// known is a later count, the next place a new attempt. Anything else is not listed.
void Assembly::handle(channel::NetworkAttempt&& record) {
    auto& attempts = outcome_.network_attempts;
    if (record.index < attempts.size()) {
        attempts[record.index].count = std::max(attempts[record.index].count, record.count);
        return;
    }
    if (record.index != attempts.size()) return;
    std::string description = packets::describe(record.attempt);
    for (char& c : description) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    if (verbose_) {
        char when[48];
        std::snprintf(when, sizeof when, " (at %.3f s)", record.first_seconds);
        verbose::print("network attempt refused: " + description + when);
    }
    attempts.push_back({std::move(description), record.first_seconds, record.count});
}

void Assembly::handle(channel::NetworkUnrecorded&& unrecorded) {
    if (verbose_) verbose::print("network attempts not recorded: " + unrecorded.reason);
    outcome_.network_unrecorded = std::move(unrecorded.reason);
}

Outcome Assembly::conclude() {
    const int init_status = init_status_.value_or(0);
    if (launch_failed_) {
        outcome_.kind = OutcomeKind::setup_failed;
    } else if (!garbled_message_.empty()) {
        outcome_.kind = OutcomeKind::setup_failed;
        outcome_.exit_code = exit_code::isotest_failure;
        outcome_.message = garbled_message_;
    } else if (setup_error_) {
        outcome_.kind = OutcomeKind::setup_failed;
    } else if (timed_out_) {
        outcome_.kind = OutcomeKind::timed_out;
        // What the test died of, for isotest.signal (SIGTERM, or SIGKILL after the grace).
        if (command_status_ && WIFSIGNALED(*command_status_)) outcome_.signal = WTERMSIG(*command_status_);
    } else if (command_status_) {
        describe_status(*command_status_);
    } else if (WIFSIGNALED(init_status) && WTERMSIG(init_status) == SIGKILL && outcome_.terminating_signal) {
        // We killed the sandbox after a forwarded signal went unanswered for --kill-after.
        describe_status(init_status);
    } else {
        outcome_.kind = OutcomeKind::setup_failed;
        outcome_.exit_code = exit_code::isotest_failure;
        outcome_.message = "the sandbox's init process died unexpectedly (" +
                           (WIFSIGNALED(init_status) ? signal_name(WTERMSIG(init_status))
                                                     : "status " + std::to_string(WEXITSTATUS(init_status))) +
                           ")";
    }
    return std::move(outcome_);
}

void Assembly::describe_status(int status) {
    if (WIFSIGNALED(status)) {
        outcome_.kind = OutcomeKind::signaled;
        outcome_.signal = WTERMSIG(status);
        outcome_.core_dumped = WCOREDUMP(status);
    } else {
        outcome_.kind = OutcomeKind::exited;
        outcome_.exit_code = WEXITSTATUS(status);
    }
}

}  // namespace isotest::outcome_assembly
