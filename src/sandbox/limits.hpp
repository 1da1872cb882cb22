// The rlimit half of the test's resource limits: --memory, --max-procs and --max-files become
// rlimits of the test's process right before execve, inherited by everything it starts.
//
// Why rlimits as well: they work unprivileged everywhere. --memory and --max-procs are also
// cgroup limits, which cap the whole process tree (cgroup.hpp), but only where a writable
// cgroup can be made, which many hosts (containers without delegation) do not offer.
//
// What the rlimits do and do not cover:
//   --memory  RLIMIT_AS: address space per process (not the tree's total; tmpfs pages are not
//             counted). Sanitizer-instrumented tests reserve terabytes and cannot run under it.
//   --max-procs RLIMIT_NPROC: processes + threads of the test's uid in the sandbox's own user
//             namespace (isotest's init counts as one, so the limit is set one higher). The
//             kernel exempts host root: when isotest runs as root it does not apply.
//   --max-files RLIMIT_NOFILE: open file descriptors per process.
// A limit above the current hard limit cannot be raised from inside a user namespace and is
// reported as isotest's own failure (exit 125).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::limits {

struct Rlimit {
    int resource;         // RLIMIT_*
    std::string option;   // "--memory", for messages
    std::uint64_t asked;  // the option's value, for messages
    std::uint64_t value;  // set as soft and hard limit
};

// The rlimits SPEC asks for, in a fixed order; empty when it asks for none.
// `processes_in_cgroup`: a pids cgroup caps the sandbox's processes (cgroup.hpp), so no
// RLIMIT_NPROC: it counts per uid, isotest's own namespace helper included, and would refuse a
// fork one process early and out of the cgroup's sight (isotest.process_limit_hit).
std::vector<Rlimit> requested(const SandboxSpec& spec, bool processes_in_cgroup = false);

// Sets each limit on the calling process. Throws Error naming the option on failure.
void apply(const std::vector<Rlimit>& limits);

}  // namespace isotest::limits
