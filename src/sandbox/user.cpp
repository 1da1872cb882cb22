#include "sandbox/user.hpp"

#include <cerrno>
#include <string>

#include "sandbox/syscall.hpp"

namespace isotest::user {

void map_self(const IdMapping& mapping) {
    // setgroups must be denied before an unprivileged gid_map write; it also stops the test
    // from dropping supplementary groups to get around "deny" permissions on host files.
    try {
        sys::write_file("/proc/self/setgroups", "deny");
    } catch (const SyscallError& error) {
        // A nested namespace inherits "deny" and may refuse the write; that is the state we want.
        if (error.error_number() != EPERM) throw;
    }
    sys::write_file("/proc/self/uid_map",
                    std::to_string(mapping.inside_uid) + " " + std::to_string(mapping.outside_uid) + " 1\n");
    sys::write_file("/proc/self/gid_map",
                    std::to_string(mapping.inside_gid) + " " + std::to_string(mapping.outside_gid) + " 1\n");
}

void map_child_identity(pid_t child) {
    const std::string proc = "/proc/" + std::to_string(child);
    sys::write_file(proc + "/setgroups", "deny");
    sys::write_file(proc + "/uid_map", "0 0 4294967295\n");
    sys::write_file(proc + "/gid_map", "0 0 4294967295\n");
}

}  // namespace isotest::user
