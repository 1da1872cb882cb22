#include "sandbox/supervisor.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <optional>
#include <vector>

#include "sandbox/cgroup.hpp"
#include "sandbox/descriptors.hpp"
#include "sandbox/identity.hpp"
#include "sandbox/init.hpp"
#include "sandbox/keep_writes.hpp"
#include "sandbox/launch.hpp"
#include "sandbox/outcome_assembly.hpp"
#include "sandbox/pump.hpp"
#include "sandbox/kernel_release.hpp"
#include "sandbox/overlay_xattrs.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/terminal.hpp"
#include "sandbox/verbose.hpp"

namespace isotest {

namespace {

// The sequence of a run: the caller's descriptors and signals taken in hand, the launch
// (launch.hpp), the pump (pump.hpp) until the test's status and output are in, then the
// outcome assembled (outcome_assembly.hpp) with what only the host side knows.
class Supervisor {
public:
    explicit Supervisor(const SandboxSpec& spec)
        : spec_(spec),
          capture_(spec.capture_output),
          started_(std::chrono::system_clock::now()),
          start_(sys::monotonic_seconds()),
          assembly_(start_, spec.verbose) {}

    Outcome run() {
        try {
            launch_sandbox();
        } catch (const Error& error) {
            assembly_.launch_failed(error);
            if (init_pid_ > 0) ::kill(init_pid_, SIGKILL);
            if (const auto exit = pump::reap(init_pid_, true)) assembly_.init_exited(*exit);
            Outcome outcome = host_facts(assembly_.conclude());
            outcome.stdout_capture = BoundedCapture(spec_.report.max_output_bytes);
            outcome.stderr_capture = BoundedCapture(spec_.report.max_output_bytes);
            return outcome;
        }
        // Signals stay blocked from here to exit: a late SIGTERM must not cut off the report.
        pump_->run();
        pump_->finish_stdin();
        terminal_.restore();
        pump_->reap_init();
        pump_->drain_responder();
        Outcome outcome = host_facts(assembly_.conclude());
        outcome.stdout_capture = std::move(pump_->stdout_capture());
        outcome.stderr_capture = std::move(pump_->stderr_capture());
        outcome.cgroup_limits = cgroup_limits_;
        // Every process of the test is gone by now (init swept them, or died and took them along).
        if (cgroups_.active()) {
            outcome.memory_limit_hit = cgroups_.memory_limit_hit();
            outcome.process_limit_hit = cgroups_.process_limit_hit();
            join_files_.clear();
            cgroups_ = cgroup::SandboxCgroups();
        }
        return outcome;
    }

private:
    Outcome host_facts(Outcome outcome) const {
        outcome.started = started_;
        outcome.output_captured = capture_;
        outcome.stderr_in_stdout = stderr_in_stdout_;
        outcome.overlay_limit = overlay_limit_;
        return outcome;
    }

    // Only stdin, stdout, stderr and --pass-fd reach the test (descriptors.hpp); the caller's
    // terminal settings, where a terminal is within its reach, are recorded to be put back.
    std::array<descriptors::StreamHandling, 3> take_descriptors() {
        const auto streams = descriptors::inspect_standard_streams();
        descriptors::reserve_closed_streams(streams);
        descriptors::seal_inherited(spec_.pass_fds);
        std::vector<int> terminal_candidates = spec_.pass_fds;
        for (int fd = 0; fd < 3; ++fd) {
            if (streams[fd] == descriptors::StreamHandling::direct) terminal_candidates.push_back(fd);
        }
        terminal_ = terminal::Settings::record(terminal_candidates);
        return streams;
    }

    // --memory/--max-procs: the cgroups the test joins through the files returned.
    std::vector<int> make_cgroups() {
        std::vector<int> join_fds;
        if (!spec_.memory_bytes && !spec_.max_procs) return join_fds;
        std::vector<std::string> notes;
        cgroups_ = cgroup::SandboxCgroups::create(spec_, notes);
        if (spec_.verbose) {
            for (const auto& note : notes) verbose::print(note);
        }
        if (!cgroups_.active()) return join_fds;
        join_files_ = cgroups_.open_join_files();
        for (const auto& file : join_files_) join_fds.push_back(file.get());
        return join_fds;
    }

    void launch_sandbox() {
        const auto handling = take_descriptors();
        pump::Signals signals = pump::take_signals();
        sys::Pipe channel = sys::make_pipe();
        sys::Pipe responder;  // --record-network: the helper's responder writes its records here
        if (spec_.record_network) responder = sys::make_pipe();
        const identity::Identity identity = identity::establish(spec_);
        const std::vector<int> join_fds = make_cgroups();
        pump::Streams streams = pump::make_streams(handling, capture_);
        stderr_in_stdout_ = streams.stderr_in_stdout;
        // The namespace helper's answer travels to init over this (ns_helper.hpp).
        sys::UniqueFd helper_to_init, helper_end;
        if (identity.view_first || spec_.net != NetMode::host) {
            int ends[2];
            sys::check(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends), "socketpair");
            helper_to_init = sys::UniqueFd(ends[0]);
            helper_end = sys::UniqueFd(ends[1]);
        }
        // Opened (and made) here, as the invoker, before the sandbox exists; init copies into it.
        sys::UniqueFd keep_writes;
        if (!spec_.keep_writes_dir.empty()) keep_writes = keep_writes::open_destination(spec_.keep_writes_dir);

        const launch::Request request{
            .spec = spec_,
            .identity = identity,
            .init = {.spec = spec_,
                     .identity = identity,
                     .channel_fd = channel.write_end.get(),
                     .streams = streams.for_test,
                     .handled_signals = signals.handled,
                     .original_mask = signals.original_mask,
                     .original_sigpipe = signals.original_sigpipe,
                     .released_by_supervisor_fd = -1,
                     .test_is_root = identity.privileged || spec_.root,
                     .cgroup_join_fds = join_fds,
                     .helper_socket_fd = helper_to_init.valid() ? helper_to_init.get() : -1,
                     .keep_writes_fd = keep_writes.get(),
                     .processes_in_cgroup = cgroups_.caps_processes()},
            // The test's stdin ends when we close our end.
            .supervisor_fds = {channel.read_end.get(), responder.read_end.get(), streams.out.read_end.get(),
                               streams.err.read_end.get(), streams.in.write_end.get(), signals.fd.get()},
            .helper_fd = helper_end.valid() ? helper_end.get() : -1,
            .responder_fd = responder.write_end.get(),
            .start_seconds = start_,
        };
        const double clone_start = sys::monotonic_seconds();
        launch::start(request, init_pid_);
        cgroup_limits_ = cgroups_.description();
        // Root of the initial user namespace (every id mapped) has trusted.* xattrs (overlay_xattrs.hpp).
        if (!identity.every_id_mapped && spec_.fs == FsMode::overlay) {
            overlay_limit_ = overlay_xattrs::unprivileged_limitation(kernel_release::running());
        }
        assembly_.add_step("clone", (sys::monotonic_seconds() - clone_start) * 1000.0);
        if (spec_.verbose) verbose::print_timed((clone_start - start_) * 1000.0, "isotest start -> clone");

        start_pump(std::move(signals.fd), std::move(channel.read_end), std::move(responder.read_end), streams);
        // The sandbox's ends of the pipes, the socket and the responder's write end close here,
        // as this returns: from now on their end of file means the sandbox's.
    }

    // The supervisor's ends, to the pump; the sandbox's stay with the caller, to be closed.
    void start_pump(sys::UniqueFd signals, sys::UniqueFd channel, sys::UniqueFd responder, pump::Streams& streams) {
        relay::InputRelay stdin_relay;
        if (streams.in.write_end.valid()) {
            stdin_relay = relay::InputRelay(STDIN_FILENO, std::move(streams.in.write_end), std::move(streams.in.read_end));
        }
        pump_.emplace(pump::Ends{.signals = std::move(signals),
                                 .channel = std::move(channel),
                                 .responder = std::move(responder),
                                 .stdout_pipe = std::move(streams.out.read_end),
                                 .stderr_pipe = std::move(streams.err.read_end),
                                 .stdin_relay = std::move(stdin_relay)},
                      pump::Settings{.init_pid = init_pid_,
                                     .start_seconds = start_,
                                     .timeout_seconds = spec_.timeout_seconds,
                                     .kill_after_seconds = spec_.kill_after_seconds,
                                     .capture = capture_,
                                     .max_output_bytes = spec_.report.max_output_bytes},
                      assembly_);
    }

    const SandboxSpec& spec_;
    const bool capture_;  // the test's output is captured for the report
    const std::chrono::system_clock::time_point started_;
    const double start_;  // monotonic clock
    outcome_assembly::Assembly assembly_;
    pid_t init_pid_ = -1;
    bool stderr_in_stdout_ = false;
    terminal::Settings terminal_;  // put back when the run ends
    cgroup::SandboxCgroups cgroups_;
    std::string cgroup_limits_;  // what the cgroups hold, as the launch left them
    std::string overlay_limit_;  // what the overlay cannot do on this kernel (overlay_xattrs.hpp)
    std::vector<sys::UniqueFd> join_files_;  // the test joins its cgroups through these
    std::optional<pump::Pump> pump_;
};

}  // namespace

Outcome run_sandboxed(const SandboxSpec& spec) { return Supervisor(spec).run(); }

}  // namespace isotest
