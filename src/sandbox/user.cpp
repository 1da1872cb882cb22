#include "sandbox/user.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "sandbox/syscall.hpp"
#include "sandbox/text_fields.hpp"

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

std::vector<IdRange> parse_id_map(std::string_view text) {
    std::vector<IdRange> ranges;
    while (!text.empty()) {
        std::string_view line = text_fields::take_line(text);
        unsigned long numbers[3] = {};
        std::size_t found = 0;
        while (found < 3) {
            const std::string_view field = text_fields::take_field(line);
            const char* const end = field.data() + field.size();
            const auto [parsed_to, error] = std::from_chars(field.data(), end, numbers[found]);
            if (field.empty() || error != std::errc{} || parsed_to != end) break;
            ++found;
        }
        if (found == 3 && text_fields::take_field(line).empty()) {
            ranges.push_back({numbers[0], numbers[1], numbers[2]});
        }
    }
    return ranges;
}

std::string identity_map(const std::vector<IdRange>& own) {
    std::string identity;
    for (const IdRange& range : own) {
        identity += std::to_string(range.inside) + " " + std::to_string(range.inside) + " " + std::to_string(range.count) + "\n";
    }
    return identity;
}

bool maps_every_id(const std::vector<IdRange>& own_uid_map) {
    for (const IdRange& range : own_uid_map) {
        if (range.inside == 0 && range.count == 4294967295ul) return true;
    }
    return false;
}

OwnMaps read_own_maps() {
    return {parse_id_map(sys::read_file("/proc/self/uid_map")), parse_id_map(sys::read_file("/proc/self/gid_map"))};
}

void map_child_identity(pid_t child, const OwnMaps& own) {
    const std::string proc = "/proc/" + std::to_string(child);
    sys::write_file(proc + "/setgroups", "deny");
    sys::write_file(proc + "/uid_map", identity_map(own.uid));
    sys::write_file(proc + "/gid_map", identity_map(own.gid));
}

bool has_cap_sys_admin() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    return (data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN)) != 0;
}

void join_groups(const std::vector<gid_t>& groups) {
    sys::check(::setgroups(groups.size(), groups.data()), "setgroups", "the groups of --uid/--groups");
}

void adopt(const RunAs& run_as) {
    sys::check(::syscall(SYS_setresgid, run_as.gid, run_as.gid, run_as.gid), "setresgid", "the --gid group");
    sys::check(::syscall(SYS_setresuid, run_as.uid, run_as.uid, run_as.uid), "setresuid", "the --uid user");
    // Leaving uid 0 clears the capabilities already, unless a securebit said otherwise:
    // cleared outright, so the test starts with none whatever the caller set up.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3] = {};
    sys::check(::syscall(SYS_capset, &header, none), "capset", "dropping every capability");
    sys::check(::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl", "PR_CAP_AMBIENT_CLEAR_ALL");
}

}  // namespace isotest::user
