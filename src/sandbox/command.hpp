// The test's own process (PID 2): last namespace touches, then execve.
#pragma once

#include <signal.h>

#include <vector>

#include "isotest/spec.hpp"

namespace isotest::command {

struct ExecContext {
    const SandboxSpec& spec;
    int channel_fd;                 // close-on-exec: closes by itself when execve succeeds
    sigset_t original_mask;         // what isotest was started with
    struct sigaction original_sigpipe;
    bool test_is_root;              // the test runs as uid 0 inside
    std::vector<int> cgroup_join_fds;  // cgroup.procs files to join (write "0") before execve
};

[[noreturn]] void exec_test(const ExecContext& context);

}  // namespace isotest::command
