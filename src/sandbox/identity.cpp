#include "sandbox/identity.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/diagnose.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/verbose.hpp"

namespace isotest::identity {

Identity establish(const SandboxSpec& spec) {
    Identity identity;
    identity.invoker_uid = ::geteuid();
    identity.invoker_gid = ::getegid();
    identity.privileged = identity.invoker_uid == 0;
    if (identity.privileged) {
        identity.own_maps = user::read_own_maps();
        identity.every_id_mapped = user::maps_every_id(identity.own_maps.uid);
        identity.view_first = user::has_cap_sys_admin();
    }
    if (spec.run_as && !identity.privileged) {
        throw Error("--uid, --gid and --groups run the test as another host user, which needs isotest to run as root "
                    "(unprivileged, the test runs as you, or as uid 0 inside with --root)");
    }
    if (spec.run_as) user::join_groups(spec.run_as->groups);
    if (identity.privileged || !spec.map_subordinate_ids) return identity;
    std::string why_not;
    identity.subordinate_ids = id_map_helpers::plan(identity.invoker_uid, identity.invoker_gid,
                                                    spec.root ? 0 : identity.invoker_uid,
                                                    spec.root ? 0 : identity.invoker_gid, why_not);
    if (!identity.subordinate_ids) throw Error("--map-subids: " + why_not);
    return identity;
}

void write_maps(pid_t pid, const Identity& identity, bool verbose, std::initializer_list<pid_t> kill_on_failure) {
    try {
        if (identity.subordinate_ids) {
            const double start = sys::monotonic_seconds();
            id_map_helpers::write_maps(pid, *identity.subordinate_ids);
            if (verbose) {
                verbose::print_timed((sys::monotonic_seconds() - start) * 1000.0,
                                     "user: newuidmap + newgidmap (subordinate ids)");
            }
        } else {
            user::map_child_identity(pid, identity.own_maps);
        }
    } catch (const Error& error) {
        for (pid_t child : kill_on_failure) ::kill(child, SIGKILL);
        const auto* syscall_error = dynamic_cast<const SyscallError*>(&error);
        if (!syscall_error) throw Error(std::string("user namespace: ") + error.what());
        throw Error(diagnose::namespace_failure(std::string("user namespace: ") + error.what(),
                                                syscall_error->error_number()));
    }
}

void wait_for_release(int released_fd) {
    if (released_fd < 0) return;
    char byte;
    while (::read(released_fd, &byte, 1) < 0 && errno == EINTR) {}
    ::close(released_fd);
}

void take_ids(const Identity& identity, int released_fd, uid_t inside_uid, gid_t inside_gid) {
    wait_for_release(released_fd);
    if (identity.mapped_by_supervisor()) return;
    user::map_self({inside_uid, identity.invoker_uid, inside_gid, identity.invoker_gid});
}

}  // namespace isotest::identity
