// Outcome assembly: what the sandbox said (channel records, from init and from the namespace
// helper's network responder) and what the supervisor saw of it (init's exit, a timeout, a
// forwarded signal) turned into an Outcome. Pure of system calls but -v's lines on stderr: the
// pump (pump.hpp) feeds it as things happen, the supervisor concludes it.
#pragma once

#include <sys/resource.h>

#include <optional>
#include <string>

#include "isotest/error.hpp"
#include "isotest/outcome.hpp"
#include "sandbox/channel.hpp"

namespace isotest::outcome_assembly {

// Init, reaped: its wait status, its resource usage, and when (seconds, the monotonic clock).
struct InitExit {
    int status = 0;
    rusage usage{};
    double at_seconds = 0;
};

class Assembly {
public:
    // `start_seconds`: when isotest started (monotonic clock); `verbose`: -v.
    Assembly(double start_seconds, bool verbose) : start_(start_seconds), verbose_(verbose) {}

    // The launch failed (isotest's own error, or the command cannot run).
    void launch_failed(const Error& error);

    // A step timed on the host side (e.g. "clone"); -v prints it.
    void add_step(const std::string& name, double milliseconds);

    // One record, as decoded. False where the bytes were no record: nothing more from that
    // channel is to be believed (the caller stops reading it and ends the sandbox).
    bool take(channel::Decoded&& decoded, double now_seconds);

    void init_exited(const InitExit& exit);
    void signal_forwarded(int signal) { outcome_.terminating_signal = signal; }
    void timed_out() { timed_out_ = true; }

    // Init sent the test's status (every other process of the sandbox is gone by then).
    bool command_finished() const { return command_status_.has_value(); }

    // The outcome, once the run is over (or its launch failed).
    Outcome conclude();

private:
    void handle(channel::Step&& step) { add_step(step.name, step.milliseconds); }
    void handle(channel::Note&& note);
    void handle(channel::Error&& error);
    void handle(channel::CommandStatus&& status);
    void handle(channel::Usage&& usage);
    void handle(channel::LeftoverProcess&& process) { outcome_.leftover_processes.push_back(std::move(process.description)); }
    void handle(channel::LeftoverTotal&& total) { outcome_.leftover_processes_total = total.count; }
    void handle(channel::WrittenFile&& file) { outcome_.written_files.push_back(std::move(file.path)); }
    void handle(channel::WrittenTotal&& total) { outcome_.written_files_total = total.count; }
    void handle(channel::OwnXml&& xml) { outcome_.own_xml = std::move(xml.text); }  // up to 1 MiB: not copied
    void handle(channel::OwnXmlRefused&& refused) { outcome_.own_xml_refused = std::move(refused.reason); }
    void handle(channel::KeptWrites&& kept) { outcome_.kept_writes = std::move(kept.summary); }
    void handle(channel::NetworkAttempt&& record);
    void handle(channel::NetworkUnlisted&& unlisted) { outcome_.network_attempts_unlisted = unlisted.count; }
    void handle(channel::NetworkUnrecorded&& unrecorded);
    void describe_status(int status);

    double start_;
    bool verbose_;
    double now_ = 0;  // when the record being handled arrived
    Outcome outcome_;
    bool launch_failed_ = false;
    bool setup_error_ = false;        // init sent an error record
    std::string garbled_message_;     // a channel carried something that is no record
    std::optional<int> command_status_;
    std::optional<int> init_status_;  // init reaped
    bool timed_out_ = false;
};

}  // namespace isotest::outcome_assembly
