// Cgroup limits for one sandbox: --memory and --max-procs also as cgroup limits, on top of the
// rlimits, wherever isotest may create a cgroup — a v1 memory/pids hierarchy it can write (root),
// or a v2 cgroup whose cgroup.subtree_control hands children the memory/pids controllers (a
// delegated cgroup, a container's root cgroup). Unlike rlimits they bound the whole process
// tree and what it pins: tmpfs pages, a tmpfs of a nested namespace, root's fork bomb. Where no
// cgroup is writable the rlimits stand alone, and the report says so.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "isotest/spec.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::cgroup {

class SandboxCgroups {
public:
    SandboxCgroups() = default;
    SandboxCgroups(SandboxCgroups&& other) noexcept;
    SandboxCgroups& operator=(SandboxCgroups&& other) noexcept;
    SandboxCgroups(const SandboxCgroups&) = delete;
    SandboxCgroups& operator=(const SandboxCgroups&) = delete;
    ~SandboxCgroups();  // removes the cgroups (their processes must be gone; waits briefly, then leaves them to the reaper)

    // One cgroup per hierarchy that can carry the spec's limits, named isotest.<our pid>; none
    // when the spec sets no such limit. Never fails: what could not be done is said in `notes`.
    static SandboxCgroups create(const SandboxSpec& spec, std::vector<std::string>& notes);

    bool active() const { return !cgroups_.empty(); }
    // Each cgroup's cgroup.procs, opened (close-on-exec) for the test's own process to join by
    // writing "0" just before it execs; its children follow. The sandbox's init stays outside:
    // the OOM killer must choose among the test's processes, and init's copy of isotest is often
    // the largest process in the sandbox. Opened here, by the supervisor, so the permission
    // check is the supervisor's. Throws SyscallError.
    std::vector<sys::UniqueFd> open_join_files() const;
    // What holds, for the report: "memory 64 MiB (cgroup v1), pids 100 (cgroup v1)"; empty if none.
    std::string description() const;
    // The kernel killed a process for exceeding the memory limit.
    bool memory_limit_hit() const;
    // The pids limit refused a fork (pids.events).
    bool process_limit_hit() const;
    // A pids cgroup holds --max-procs.
    bool caps_processes() const;

private:
    struct Created {
        std::string directory;
        int version;
        bool memory;
        bool pids;
        std::string limits;  // for description()
    };
    // A process of ours outside the sandbox that removes the cgroups once the supervisor is gone
    // and they are empty: after a SIGKILL of isotest (whose sandbox dies of its parent-death
    // signal a moment later) nothing else could. Normally the destructor has removed them by
    // then, and the reaper, finding them gone, exits at once and is waited for.
    void start_reaper(std::vector<std::string>& notes);
    std::vector<Created> cgroups_;
    pid_t reaper_ = -1;
    sys::UniqueFd reaper_pipe_;  // its end of file tells the reaper that the supervisor is gone
};

}  // namespace isotest::cgroup
