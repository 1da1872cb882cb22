// The test's own process (PID 2): last namespace touches, then execve.
//
// It is started with vfork(2): it borrows init's memory until its execve, so nothing of init's
// is copied or faulted in again for a process that is about to replace its memory anyway (a
// tenth of a launch's time and CPU here). Init waits meanwhile. Everything the way to execve
// needs is therefore made beforehand, in init (prepare): the child allocates nothing unless it
// fails, and then it only reports and exits.
#pragma once

#include <signal.h>

#include <vector>

#include "isotest/spec.hpp"
#include "sandbox/limits.hpp"

namespace isotest::command {

struct ExecContext {
    const SandboxSpec& spec;
    int channel_fd;                 // close-on-exec: closes by itself when execve succeeds
    sigset_t original_mask;         // what isotest was started with
    struct sigaction original_sigpipe;
    bool test_is_root;              // the test runs as uid 0 inside
    std::vector<int> cgroup_join_fds;  // cgroup.procs files to join (write "0") before execve
    bool processes_in_cgroup;       // a pids cgroup among them caps --max-procs (limits.hpp)
    // Made by prepare():
    std::vector<char*> argv, envp;      // pointers into spec.command and spec.environment
    std::vector<limits::Rlimit> limits;  // set last, right before execve
};

// Fills in argv, envp and limits, in init, before vfork.
void prepare(ExecContext& context);

// In the vforked child; never returns.
[[noreturn]] void exec_test(const ExecContext& context);

}  // namespace isotest::command
