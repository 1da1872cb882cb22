// User namespace: map exactly one uid and one gid, deny setgroups.
#pragma once

#include <sys/types.h>

namespace isotest::user {

struct IdMapping {
    uid_t inside_uid;
    uid_t outside_uid;
    gid_t inside_gid;
    gid_t outside_gid;
};

// Written by the process about itself right after it entered a new user namespace: an
// unprivileged process may map its own ids, no helper (newuidmap) or parent round-trip needed.
void map_self(const IdMapping& mapping);

// Mapping the host's uid 0 needs CAP_SETFCAP over the parent namespace (Linux >= 5.12), which
// the child no longer has: when isotest runs as root the supervisor maps the child instead,
// identity over every id isotest itself has, so root inside sees files as root outside does.
void map_child_identity(pid_t child);

// Our own user namespace maps every id (the host's, or one like it): a child mapped with
// map_child_identity can then chown to any owner it sees.
bool maps_every_id();

// We hold CAP_SYS_ADMIN (over the user namespace that owns our mounts): we may build the
// sandbox's view before entering its user namespace (see init.hpp, the view-first launch).
bool has_cap_sys_admin();

}  // namespace isotest::user
