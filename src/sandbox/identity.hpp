// Who the sandbox's ids are and who writes its id maps, on both sides of the clone: decided by
// the supervisor before it (inside a new user namespace our ids read as 65534 until mapped),
// written by it for the child (root, --map-subids), or by the child itself (unprivileged).
//
// Where the supervisor writes them, the child must not go on before it has: it waits for end of
// file on a pipe (the "released" pipe) whose write end the supervisor closes once the maps are
// written. A pipe because the child was cloned before the maps could be written (they are the
// child's namespace's) and needs nothing else from the supervisor: the one wait costs a read(2).
#pragma once

#include <sys/types.h>

#include <initializer_list>
#include <optional>

#include "isotest/spec.hpp"
#include "sandbox/id_map_helpers.hpp"
#include "sandbox/user.hpp"

namespace isotest::identity {

struct Identity {
    uid_t invoker_uid = 0;
    gid_t invoker_gid = 0;
    bool privileged = false;       // isotest runs as root
    bool every_id_mapped = false;  // our maps cover every id: the sandbox can reproduce host owners
    // Root with CAP_SYS_ADMIN over the host's mounts: the view-first launch (launch.hpp).
    bool view_first = false;
    user::OwnMaps own_maps;  // root: our own maps, which the sandbox's copy as identity
    std::optional<id_map_helpers::Plan> subordinate_ids;  // --map-subids, unprivileged

    // The supervisor writes the child's maps (and the child waits for them); else the child maps itself.
    bool mapped_by_supervisor() const { return privileged || subordinate_ids.has_value(); }
};

// Reads our ids and maps, and where the spec asks: --uid (root only) sets the test's groups on
// us, to be inherited (user.hpp); --map-subids (unprivileged only: root maps every id anyway)
// finds the helpers. Throws Error naming what is refused and why.
Identity establish(const SandboxSpec& spec);

// Supervisor's side: writes the maps of `pid`'s user namespace (identity over ours as root,
// newuidmap/newgidmap with --map-subids; -v notes how long the helpers took). On failure kills
// `kill_on_failure` and throws Error, with the likely cause where a namespace was refused.
void write_maps(pid_t pid, const Identity& identity, bool verbose, std::initializer_list<pid_t> kill_on_failure);

// The child's side, first thing in its new user namespace: waits for end of file on
// `released_fd` where the supervisor maps it (closing it), else maps itself, ids
// `inside_uid`/`inside_gid` inside as the invoker's outside. Throws SyscallError.
void take_ids(const Identity& identity, int released_fd, uid_t inside_uid, gid_t inside_gid);

// Waits for end of file on `released_fd` (-1: nothing to wait for), then closes it.
void wait_for_release(int released_fd);

}  // namespace isotest::identity
