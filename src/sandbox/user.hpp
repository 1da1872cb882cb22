// User namespace: map exactly one uid and one gid, deny setgroups.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "isotest/spec.hpp"

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

// One line of /proc/PID/uid_map or gid_map: `count` ids from `inside` on are `outside` on.
struct IdRange {
    unsigned long inside;
    unsigned long outside;
    unsigned long count;
};

// The lines of an id map, as the kernel prints them (malformed lines are skipped). Parsed by
// hand: the first std::istringstream of a process costs ~50 us of locale setup.
std::vector<IdRange> parse_id_map(std::string_view text);

// "a b n" ranges turned into "a a n" lines: a child sees every id we can see, as itself.
std::string identity_map(const std::vector<IdRange>& own);

// Our own user namespace maps every id (the host's, or one like it): a child mapped with
// identity_map can then chown to any owner it sees.
bool maps_every_id(const std::vector<IdRange>& own_uid_map);

struct OwnMaps {
    std::vector<IdRange> uid;
    std::vector<IdRange> gid;
};
OwnMaps read_own_maps();  // throws SyscallError

// Mapping the host's uid 0 needs CAP_SETFCAP over the parent namespace (Linux >= 5.12), which
// the child no longer has: when isotest runs as root the supervisor maps the child instead,
// identity over every id isotest itself has (copied from our own maps rather than "0 0
// 4294967295": isotest may itself run as root of a namespace that maps only a few ids, as
// Bazel's linux-sandbox does), so root inside sees files as root outside does.
void map_child_identity(pid_t child, const OwnMaps& own);

// We hold CAP_SYS_ADMIN (over the user namespace that owns our mounts): we may build the
// sandbox's view before entering its user namespace (see init.hpp, the view-first launch).
bool has_cap_sys_admin();

// --uid/--gid/--groups, step 1, in the supervisor (root) before the sandbox is cloned: its
// supplementary groups become `groups`, and init and the test inherit them. Set here, in the
// host's user namespace, so that the sandbox's stays one with setgroups denied, like every other
// (a test that is root inside cannot shed a group to get past a "deny" permission).
void join_groups(const std::vector<gid_t>& groups);  // throws SyscallError

// Step 2, in the test's process, root inside until now: becomes uid/gid `run_as` for good (real,
// effective and saved) and drops every capability, ambient ones included. Raw system calls:
// this runs in a vforked child sharing init's memory, and glibc's wrappers may touch shared
// state to change the ids of other threads. Throws SyscallError (only then allocating).
void adopt(const RunAs& run_as);

}  // namespace isotest::user
