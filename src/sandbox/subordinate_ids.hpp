// Subordinate ids (/etc/subuid, /etc/subgid, subuid(5)): host ids the administrator granted a user
// for the user namespaces it makes, mapped with the setuid helpers newuidmap/newgidmap
// (id_map_helpers.hpp). With them an unprivileged sandbox maps a whole range of ids instead of
// the invoker's one, so the ids a test asks for exist inside: chown to root or setuid(0) by a
// test that is not root inside fail with EPERM, as on the host, instead of EINVAL (unmapped id).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/user.hpp"

namespace isotest::subordinate_ids {

// One grant: host ids `start` to `start + count - 1`.
struct Grant {
    unsigned long start;
    unsigned long count;
};

// The grants of the user called `name` (or written by its numeric id `id`, as subuid(5)
// allows) in the text of /etc/subuid or /etc/subgid, in file order, overlaps removed. Lines
// that are not `owner:start:count` with a positive count inside the 32-bit id space are skipped.
std::vector<Grant> grants_of(std::string_view file_text, std::string_view name, unsigned long id);

// The id map of a sandbox: `own_inside` is `own_outside` (the invoker's id: 0 with --root,
// else the same number) and every other inside id from 0 upwards is one of the granted ids, in
// order, so that inside id 0 exists (a granted id) whenever the invoker is not root inside.
// The invoker's own id is left out of the grants, should one contain it. Empty without grants.
std::vector<user::IdRange> layout(unsigned long own_inside, unsigned long own_outside, const std::vector<Grant>& grants);

// Both maps of a sandbox that uses subordinate ids.
struct Maps {
    std::vector<user::IdRange> uid;
    std::vector<user::IdRange> gid;
};

// Where the maps come from on this host, for `isotest doctor` and error messages.
inline constexpr const char* kSubuidFile = "/etc/subuid";
inline constexpr const char* kSubgidFile = "/etc/subgid";

// The maps for the invoker (its real uid and gid, as newuidmap checks them) with inside ids
// `inside_uid`/`inside_gid`, from the host's files; nullopt, with `why_not` saying why in one
// sentence (no entry for the user, a file missing), when the user has no grants.
std::optional<Maps> plan(uid_t invoker_uid, gid_t invoker_gid, uid_t inside_uid, gid_t inside_gid, std::string& why_not);

}  // namespace isotest::subordinate_ids
