// newuidmap and newgidmap (shadow's setuid helpers, Debian package `uidmap`): they write id maps
// of a process's user namespace that an unprivileged process may not write itself — ranges of
// subordinate ids (subordinate_ids.hpp) — after checking them against /etc/subuid and
// /etc/subgid. Run by the supervisor for the sandbox's init, which waits until both are done.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "sandbox/subordinate_ids.hpp"

namespace isotest::id_map_helpers {

// The helper's absolute path: only the well-known places, never $PATH (the helper runs with
// root's powers), and only a root-owned regular file nobody else may write. Empty if there is
// none; `why_not` then says so in a sentence with the fix.
std::string find(const char* name, std::string& why_not);

// The arguments of one helper call: PID, then `inside outside count` per range.
std::vector<std::string> arguments(const char* name, pid_t pid, const std::vector<user::IdRange>& map);

// The maps an unprivileged sandbox gets with --map-subids, and the helpers that write them.
struct Plan {
    subordinate_ids::Maps maps;
    std::string newuidmap, newgidmap;
};

// For the invoker (its uid and gid) with inside ids `inside_uid`/`inside_gid`; nullopt with
// `why_not` (one sentence with the fix) when a helper or the user's grants are missing.
std::optional<Plan> plan(uid_t invoker_uid, gid_t invoker_gid, uid_t inside_uid, gid_t inside_gid, std::string& why_not);

// Writes the maps for `pid` with both helpers, run at once (each a dynamically linked setuid
// program). Denies setgroups first: newgidmap leaves the setgroups state as it finds it when the
// ranges are granted ones, and the sandbox keeps setgroups denied, as a self-mapped one must.
// Throws Error with one line: the helper's command line, exit status and own complaint.
void write_maps(pid_t pid, const Plan& plan);

}  // namespace isotest::id_map_helpers
