#include "sandbox/user.hpp"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
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

namespace {
// "a b n" lines of our own map turned into "a a n": the child sees every id we can see, as itself.
std::string identity_of_own_map(const std::string& own_map_path) {
    std::istringstream lines(sys::read_file(own_map_path));
    std::string identity;
    unsigned long inside = 0, outside = 0, count = 0;
    while (lines >> inside >> outside >> count) {
        identity += std::to_string(inside) + " " + std::to_string(inside) + " " + std::to_string(count) + "\n";
    }
    return identity;
}
}  // namespace

void map_child_identity(pid_t child) {
    // Copied from our own maps rather than "0 0 4294967295": isotest may itself run as root of a
    // namespace that maps only a few ids (Bazel's linux-sandbox maps just 0).
    const std::string proc = "/proc/" + std::to_string(child);
    sys::write_file(proc + "/setgroups", "deny");
    sys::write_file(proc + "/uid_map", identity_of_own_map("/proc/self/uid_map"));
    sys::write_file(proc + "/gid_map", identity_of_own_map("/proc/self/gid_map"));
}

bool maps_every_id() {
    std::istringstream lines(sys::read_file("/proc/self/uid_map"));
    unsigned long inside = 0, outside = 0, count = 0;
    while (lines >> inside >> outside >> count) {
        if (inside == 0 && count == 4294967295ul) return true;
    }
    return false;
}

bool has_cap_sys_admin() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    return (data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN)) != 0;
}

}  // namespace isotest::user
