// The pump: the supervisor's loop while the test runs. It passes the test's output on to the
// caller (and into the captures for the report), feeds a relayed stdin, reads the channel's
// records into the outcome assembly (outcome_assembly.hpp), forwards the caller's signals
// (forwarding.hpp), suspends the sandbox on ^Z, and enforces --timeout and --kill-after.
//
// Also here: what it reads, made before the launch — the blocked signals and their signalfd,
// and the test's standard streams with the supervisor's ends of them.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "isotest/bounded_capture.hpp"
#include "sandbox/descriptors.hpp"
#include "sandbox/outcome_assembly.hpp"
#include "sandbox/relay.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::pump {

// The supervisor reads these from a signalfd and init from sigwaitinfo; the test gets the
// caller's mask back before execve.
struct Signals {
    sys::UniqueFd fd;  // a signalfd of `handled`
    sigset_t handled;
    sigset_t original_mask;
    struct sigaction original_sigpipe;
};

// Blocks the handled signals (they stay blocked to the end: a late SIGTERM must not cut off the
// report) and ignores SIGPIPE. Throws SyscallError.
Signals take_signals();

// The test's standard streams (descriptors.hpp): output through our pipes when it is captured
// or goes to a file, stdin from a file through a pipe we feed, /dev/null for a directory.
// Where the caller gave one stream for both (2>&1) the test gets one pipe for both: with two,
// the order of its stdout and stderr writes could change on the way (poll reads whichever is
// ready), unlike bare.
struct Streams {
    std::array<int, 3> for_test{};  // init::InitContext::streams
    bool stderr_in_stdout = false;
    sys::Pipe out, err, in;
    sys::UniqueFd null;
};
Streams make_streams(const std::array<descriptors::StreamHandling, 3>& handling, bool capture);

// What the pump reads and writes, handed over once the sandbox is launched.
struct Ends {
    sys::UniqueFd signals;
    sys::UniqueFd channel;    // init's records
    sys::UniqueFd responder;  // the network responder's records (--record-network), or none
    sys::UniqueFd stdout_pipe, stderr_pipe;
    relay::InputRelay stdin_relay;  // the caller's stdin is a file (descriptors.hpp)
};

struct Settings {
    pid_t init_pid;
    double start_seconds;                  // when isotest started (monotonic clock)
    std::optional<double> timeout_seconds;  // --timeout, from the start
    double kill_after_seconds;             // --kill-after
    bool capture;                          // output captured for the report
    std::size_t max_output_bytes;          // per captured stream
};

// Init, once it has exited: reaped (blocking, or not: nullopt while it runs).
std::optional<outcome_assembly::InitExit> reap(pid_t init_pid, bool block);

class Pump {
public:
    Pump(Ends ends, const Settings& settings, outcome_assembly::Assembly& assembly);

    // Until init has sent the test's status (it has killed and reaped everything else first) or
    // has died without one, and all output is passed on. Init's own exit — the kernel unmounting
    // the view and freeing the namespaces — is not waited for here.
    void run();

    // The run is over: moves the caller's stdin offset to what the test consumed (relay.hpp).
    void finish_stdin() { ends_.stdin_relay.finish(); }

    // Reaps init (blocking) before isotest ends: only a reaped child's resource usage is added
    // to ours and so reaches our parent (`/usr/bin/time isotest ...`, a build system's rusage
    // of the test). Init exits right after its last record, cheaply: the helper holds what
    // takes long to tear down. The namespace helper is neither killed nor waited for: it exits
    // by itself once init has (ns_helper.hpp).
    void reap_init();

    // The responder's last records: sent once nothing of the test was left, while init
    // finished (net_responder.hpp); end of file follows them.
    void drain_responder();

    BoundedCapture& stdout_capture() { return stdout_capture_; }
    BoundedCapture& stderr_capture() { return stderr_capture_; }

private:
    bool sandbox_over() const;
    int poll_timeout_ms() const;
    void handle_deadlines();
    void arm_kill();
    void handle_signals();
    void suspend();
    void reap_init_if_exited(bool block);
    void read_records(sys::UniqueFd& from, std::string& pending);
    void stop_garbled_sandbox();

    Ends ends_;
    Settings settings_;
    outcome_assembly::Assembly& assembly_;
    double timeout_at_;
    double kill_at_;
    bool init_reaped_ = false;
    std::string channel_buffer_, responder_buffer_;
    BoundedCapture stdout_capture_, stderr_capture_;
    std::unique_ptr<char[]> buffer_;  // one read of captured output
};

}  // namespace isotest::pump
