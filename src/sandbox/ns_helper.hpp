// The namespace helper: a short-lived process of the supervisor's, in the sandbox's user
// namespace, that makes the sandbox's network namespace there while init builds the mounts on
// the other core, and hands it to init over a socket.
//
// Creating a network namespace is the most expensive single step of a launch (~0.4 ms of
// kernel work here: every per-namespace sysctl table, the loopback device); made by the helper
// it is owned by the sandbox's user namespace all the same, as if init had made it. Init enters
// it before mounting /sys, whose contents follow the mounter's network namespace.
//
// In the view-first launch (launch.hpp) the helper is cloned into a new user namespace — the
// sandbox's — and hands that over too, once the supervisor has mapped it: init joins it once the
// view is entered.
//
// Afterwards the helper holds the sandbox's mount, IPC and PID namespaces until init is gone, so
// that their teardown (every mount of the view unmounted, an expedited RCU grace period, the
// tmpfs and overlay superblocks freed: 0.25 ms at the median and a long tail here; the IPC and
// PID namespaces freed in deferred work whose wake-up preempts the exiting process) runs in the
// helper's exit, which nobody waits for, and not in init's, which isotest waits for: it must
// reap init before it exits, so that the test's CPU time reaches isotest's parent (rusage).
#pragma once

#include <string>
#include <vector>

#include "isotest/spec.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::ns_helper {

struct Task {
    int join_user_ns_fd;    // the sandbox's user namespace to join first, or -1: in it already
    bool send_user_ns;      // hand our user namespace to init (the view-first launch)
    // The view-first launch: our user namespace's id maps are the supervisor's to write; wait for
    // end of file here (identity.hpp) before answering, so that init joins it mapped. Or -1.
    int released_fd;
    NetMode net;            // NetMode::host: no network namespace to make
    bool respond;           // give it the network responder's interface (net_responder.hpp)
};

// What the helper keeps for itself: the responder's interface, or why there is none.
struct Kept {
    sys::UniqueFd tun;
    std::string unrecorded;  // Task::respond, but the interface could not be made
};

// The helper's side: does `task` and answers on `socket_fd` with what it made, or with the
// error that stopped it. Throws nothing: the helper is a copy of the supervisor.
Kept run(const Task& task, int socket_fd);

struct Received {
    double made_in_ms = 0;    // the helper's own time, spent in parallel with init's
    sys::UniqueFd user_ns;    // when asked for
};

// The helper's side, after run(): takes the namespaces init hands over and holds them
// until init's end of `socket_fd` closes (init exited), then returns. Throws nothing.
void hold_until_init_exits(int socket_fd);

// Init's side, once nothing of the test is left: tells the helper (end of file, init's end stays
// open) so that its network responder sends its last records while init finishes, not after.
void test_is_over(int socket_fd);

// The helper's side, after end of file: returns once init's end is closed (init exited).
void wait_for_hangup(int socket_fd);

// One message of init's on `socket_fd`, its namespaces added to `held`; false at end of file
// (init exited) or on an error.
bool hold_next(int socket_fd, std::vector<sys::UniqueFd>& held);

// Init's side, once the test runs: hands `fds` (namespaces, at most kMostHeld) to the helper to
// hold. Best effort: if the helper cannot take them, init's own exit tears them down.
inline constexpr std::size_t kMostHeld = 4;
void hand_over_for_teardown(int socket_fd, const int* fds, std::size_t count);

// Init's side: waits for the helper's answer, enters the network namespace it made (unless
// NetMode::host) and returns its user namespace when `expect_user_ns`. Throws SyscallError with
// the helper's errno when it failed, Error when it died without answering.
Received receive(int socket_fd, NetMode net, bool expect_user_ns);

}  // namespace isotest::ns_helper
