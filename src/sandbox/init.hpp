// The sandbox's PID 1: finishes namespace setup from the inside, starts the test as PID 2,
// forwards signals to it, reaps every orphan, and reports what the test left behind. When it
// exits the kernel kills whatever is still running in the PID namespace.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <array>
#include <vector>

#include "isotest/spec.hpp"
#include "sandbox/identity.hpp"

namespace isotest::init {

// What becomes of a standard stream in the test: an open descriptor to put in its place, or one
// of these.
inline constexpr int kKeepStream = -1;   // the caller's, as it is
inline constexpr int kCloseStream = -2;  // closed, as the caller had it

// Built with designated initialisers (every field named) by the supervisor.
struct InitContext {
    const SandboxSpec& spec;
    const identity::Identity& identity;  // the ids, who maps them, the launch shape (launch.hpp)
    int channel_fd;             // write end of the status channel
    // stdin, stdout, stderr of the test: a pipe end of the supervisor's (output captured for
    // the report, or a file relayed: descriptors.hpp), /dev/null, kKeepStream or kCloseStream.
    std::array<int, 3> streams;
    sigset_t handled_signals;   // blocked by the supervisor before clone; init waits for them
    sigset_t original_mask;
    struct sigaction original_sigpipe;
    // -1: go on at once; else wait for end of file here: the supervisor writes init's id maps
    // (identity.hpp). Set by the launch (launch.hpp).
    int released_by_supervisor_fd;
    bool test_is_root;
    std::vector<int> cgroup_join_fds;  // cgroup.procs files the test joins (see cgroup.hpp)
    int helper_socket_fd;       // the namespace helper's answer comes here (ns_helper.hpp), or -1: none
    int keep_writes_fd;         // --keep-writes DIR, open (keep_writes.hpp), or -1
    bool processes_in_cgroup;   // one of cgroup_join_fds is a pids cgroup capping --max-procs
};

[[noreturn]] void run(const InitContext& context);

}  // namespace isotest::init
