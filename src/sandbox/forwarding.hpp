// How the supervisor's signals reach the test. Init is PID 1 of the sandbox's PID namespace and
// passes on only signals that come from outside it (si_pid 0); each comes with sigqueue(3)'s
// value saying whom to pass it to. A test that forges the value from inside can only make init
// do to the sandbox what the test could do itself.
#pragma once

#include <signal.h>
#include <sys/types.h>

namespace isotest::forwarding {

enum class Recipient : int {
    test = 0,     // the test's process (SIGTERM/SIGHUP, SIGINT/SIGQUIT sent to isotest alone)
    group = 1,    // the test's process group: what a terminal's ^C, ^\ or resize would reach
    stop_all = 2,      // every process of the sandbox, with SIGSTOP (^Z: the run is suspended)
    continue_all = 3,  // every process of the sandbox, with SIGCONT (resumed; or stopped at timeout)
};

// From the supervisor; best effort (init may be gone).
void send(pid_t init, int signal, Recipient recipient);

// In init: passes on a signal received as `info`; `test` is the test's pid.
void pass_on(const siginfo_t& info, pid_t test);

}  // namespace isotest::forwarding
