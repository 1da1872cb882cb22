// The sandbox's PID 1: finishes namespace setup from the inside, starts the test as PID 2,
// forwards signals to it, reaps every orphan, and reports what the test left behind. When it
// exits the kernel kills whatever is still running in the PID namespace.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <array>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::init {

// What becomes of a standard stream in the test: an open descriptor to put in its place, or one
// of these.
inline constexpr int kKeepStream = -1;   // the caller's, as it is
inline constexpr int kCloseStream = -2;  // closed, as the caller had it

struct InitContext {
    const SandboxSpec& spec;
    int channel_fd;             // write end of the status channel
    // stdin, stdout, stderr of the test: a pipe end of the supervisor's (output captured for
    // the report, or a file relayed: descriptors.hpp), /dev/null, kKeepStream or kCloseStream.
    std::array<int, 3> streams;
    sigset_t handled_signals;   // blocked by the supervisor before clone; init waits for them
    sigset_t original_mask;
    struct sigaction original_sigpipe;
    int released_by_supervisor_fd;  // -1: go on at once; else wait for EOF here (id maps written)
    bool mapped_by_supervisor;      // the supervisor writes the id maps; else init maps itself
    uid_t invoker_uid;
    gid_t invoker_gid;
    bool test_is_root;
    bool every_id_mapped;       // the sandbox maps every id: host owners can be reproduced
    std::vector<int> cgroup_join_fds;  // cgroup.procs files the test joins (see cgroup.hpp)
    int helper_socket_fd;       // the namespace helper's answer comes here (ns_helper.hpp), or -1: none
    // false: the user-namespace-first launch: init was cloned into the sandbox's user, PID,
    // mount, IPC and UTS namespaces at once. true: the view-first launch (isotest run with
    // CAP_SYS_ADMIN over the host's mounts): init was cloned into new PID and mount namespaces
    // only, assembles the view with the host's mounts unlocked (one overlay for the host root,
    // where the other launch needs one per directory), enters it, then joins the sandbox's user
    // namespace, which the helper made (see init.cpp).
    bool view_first;
    int keep_writes_fd;         // --keep-writes DIR, open (keep_writes.hpp), or -1
    bool processes_in_cgroup;   // one of cgroup_join_fds is a pids cgroup capping --max-procs
};

[[noreturn]] void run(const InitContext& context);

}  // namespace isotest::init
