// Outcome: what happened to one sandboxed run. Produced by the launcher, consumed by the
// report writer and by main() (which turns it into isotest's exit status).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "isotest/bounded_capture.hpp"

namespace isotest {

enum class OutcomeKind {
    exited,        // the test exited by itself; exit_code is its status
    signaled,      // the test died of signal `signal`
    timed_out,     // --timeout fired
    setup_failed,  // isotest could not create the sandbox or start the command
};

struct SetupStep {
    std::string name;
    double milliseconds = 0;
};

// An attempt of the test's to reach outside its private network, refused (--record-network).
struct NetworkAttempt {
    std::string description;   // "tcp 192.0.2.1:80", "dns example.org", "icmp 192.0.2.1"
    double first_seconds = 0;  // after isotest started
    std::size_t count = 0;
};

struct Outcome {
    OutcomeKind kind = OutcomeKind::setup_failed;
    int exit_code = 0;            // exited: the test's status; setup_failed: 125/126/127
    int signal = 0;               // signaled: the signal number
    bool core_dumped = false;
    std::string message;          // setup_failed: one line saying what failed and how to fix it
    int terminating_signal = 0;   // isotest itself received SIGTERM/SIGINT/... and forwarded it

    std::chrono::system_clock::time_point started{};
    double wall_seconds = 0;
    double user_seconds = 0;
    double system_seconds = 0;
    long peak_rss_kib = 0;
    double setup_seconds = 0;
    std::vector<SetupStep> setup_steps;

    std::string cgroup_limits;     // what --memory/--max-procs got as cgroup limits; empty: rlimits only
    // Without root before Linux 6.6 (tmpfs keeps no user.* xattrs): a directory of the host cannot
    // be removed or renamed inside (EIO), said in one line; empty elsewhere.
    std::string overlay_limit;
    bool memory_limit_hit = false;  // the kernel killed a process of the test at the memory limit
    bool process_limit_hit = false;  // the pids cgroup refused a fork of the test's (--max-procs)

    std::vector<std::string> leftover_processes;  // "pid comm" still running when the test exited
    std::size_t leftover_processes_total = 0;     // may exceed leftover_processes.size()
    std::vector<std::string> written_files;       // paths written outside writable paths
    std::size_t written_files_total = 0;          // may exceed written_files.size()
    std::string network_unrecorded;                // --record-network on, but the responder could not be set up: why
    std::vector<NetworkAttempt> network_attempts;  // distinct ones, in the order first seen, up to a cap
    std::size_t network_attempts_unlisted = 0;     // attempts past the cap, not listed

    BoundedCapture stdout_capture;
    BoundedCapture stderr_capture;
    bool output_captured = false;
    // The caller's stdout and stderr were one stream (2>&1: CTest's pipe, Bazel's test.log), so
    // the test's are too: one pipe, passed on and captured in stdout_capture in the order written.
    bool stderr_in_stdout = false;

    std::string own_xml;  // the JUnit XML the test itself wrote inside the sandbox, if any
    std::string own_xml_refused;  // why it was not read (a symlink, not a regular file, too large)
    std::string kept_writes;      // --keep-writes: what was kept where; empty: not asked for, or never got there
};

// The status isotest exits with: the test's own, 128+N, 124, 125, 126 or 127.
int exit_status(const Outcome& outcome);

// "SIGSEGV" for 11, "signal 77" for unknown numbers.
std::string signal_name(int signal);

}  // namespace isotest
