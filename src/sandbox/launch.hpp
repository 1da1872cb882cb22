// The launch: clones the sandbox's init in one of two shapes, and the namespace helper beside
// it (ns_helper.hpp), and writes the id maps where the supervisor does (identity.hpp).
//
// - user-namespace-first (unprivileged, or root without CAP_SYS_ADMIN): init is cloned into the
//   sandbox's user, PID, mount, IPC and UTS namespaces at once and builds the view from inside;
//   the helper joins its user namespace to make the network namespace meanwhile.
// - view-first (root with CAP_SYS_ADMIN over the host's mounts): init, cloned into new PID and
//   mount namespaces only, assembles the view with the host's mounts unlocked — one overlay for
//   the host root instead of one per directory — and enters it, while the helper, cloned into a
//   new user namespace (the sandbox's), makes the network namespace there and hands both to
//   init, which then joins the user namespace (init.cpp).
//
// The released pipe (identity.hpp): user-namespace-first, init waits on it where the supervisor
// maps it (root, --map-subids). View-first, the maps are the helper's namespace's: the helper
// waits on it before it answers init (ns_helper.hpp), so init, which needs the helper's answer
// before it joins that namespace, needs no wait of its own.
#pragma once

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "isotest/error.hpp"
#include "isotest/exit_codes.hpp"
#include "isotest/spec.hpp"
#include "sandbox/diagnose.hpp"
#include "sandbox/identity.hpp"
#include "sandbox/init.hpp"

namespace isotest::launch {

// Raw clone without a stack behaves like fork() but enters the namespaces in `flags` at once.
// The child runs `child` and exits 125 should it return or throw: it is a copy of the caller,
// and nothing may unwind back into the caller's code. Throws Error, with the likely cause where
// the namespaces are refused.
template <typename Child>
pid_t clone_child(unsigned long flags, const char* what, Child&& child, int exit_signal = SIGCHLD) {
    const long pid = ::syscall(SYS_clone, flags | exit_signal, nullptr, nullptr, nullptr, nullptr);
    if (pid < 0) {
        throw Error(diagnose::namespace_failure(std::string("clone (") + what + "): " + std::strerror(errno), errno));
    }
    if (pid == 0) {
        try {
            child();
        } catch (...) {
        }
        ::_exit(exit_code::isotest_failure);
    }
    return static_cast<pid_t>(pid);
}

struct Request {
    const SandboxSpec& spec;
    const identity::Identity& identity;
    // What init gets; its released_by_supervisor_fd is set here.
    init::InitContext init;
    // The supervisor's ends of the channel and pipes, closed in every child (raw descriptors,
    // owned by the caller), so that their end of file means what it says.
    std::vector<int> supervisor_fds;
    int helper_fd;       // the helper's end of its socket to init (owned by the caller), or -1: no helper
    int responder_fd;    // the write end of the responder's records (owned by the caller), or -1
    double start_seconds;  // when isotest started: the responder's clock
};

// Clones init (and the helper, if `helper_fd`) in the shape `request.identity` says, and writes
// the id maps. `init_pid` is set as soon as init exists: should a later step fail (Error, the
// sandbox killed), the caller reaps it.
void start(const Request& request, pid_t& init_pid);

}  // namespace isotest::launch
