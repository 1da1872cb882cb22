// --uid, --gid, --groups: the host user (and groups) a test started by root runs as, the way
// bubblewrap's --uid/--gid and nsjail's -u/-g do. Names are resolved in /etc/passwd and
// /etc/group (sandbox/accounts.hpp says why only there) when the options are read, so that an
// unknown name is a one-line error before anything starts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::cli {

// `user`: a name or a number. `group`: --gid (a name or a number); without it, the user's
// primary group from /etc/passwd. `groups`: --groups values, each a comma-separated list of
// names or numbers, used exactly; without them, the user's groups from /etc/group as a login
// gets them (initgroups), or only the primary group for a uid with no passwd entry. Throws Error naming the option and the unknown name.
RunAs resolve_run_as(const std::string& user, const std::optional<std::string>& group,
                     const std::vector<std::string>& groups);

}  // namespace isotest::cli
