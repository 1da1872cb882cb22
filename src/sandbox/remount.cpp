#include "sandbox/remount.hpp"

#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <utility>

#include "sandbox/mount_plan.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::remount {

unsigned long flags_for(unsigned long statvfs_flags, unsigned long long set, unsigned long long clear) {
    static constexpr std::pair<unsigned long, unsigned long> kept[] = {
        {ST_RDONLY, MS_RDONLY},     {ST_NOSUID, MS_NOSUID},         {ST_NODEV, MS_NODEV},
        {ST_NOEXEC, MS_NOEXEC},     {ST_NOATIME, MS_NOATIME},       {ST_NODIRATIME, MS_NODIRATIME},
        {ST_RELATIME, MS_RELATIME},
    };
    static constexpr std::pair<unsigned long long, unsigned long> attributes[] = {
        {MOUNT_ATTR_RDONLY, MS_RDONLY}, {MOUNT_ATTR_NOSUID, MS_NOSUID},
        {MOUNT_ATTR_NODEV, MS_NODEV},   {MOUNT_ATTR_NOEXEC, MS_NOEXEC},
    };
    unsigned long flags = 0;
    for (const auto& [st, ms] : kept) {
        if (statvfs_flags & st) flags |= ms;
    }
    for (const auto& [attribute, ms] : attributes) {
        if (set & attribute) flags |= ms;
        if (clear & attribute) flags &= ~ms;
    }
    return flags;
}

std::vector<std::string> at_or_below(const std::vector<std::string>& mount_points, std::string_view target) {
    while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
    std::vector<std::string> found;
    for (const std::string& point : mount_points) {
        const bool below = target == "/" ? !point.empty() && point[0] == '/'
                                         : point.size() > target.size() && point.compare(0, target.size(), target) == 0 &&
                                               point[target.size()] == '/';
        if (point == target || below) found.push_back(point);
    }
    return found;
}

void change_attributes(const std::string& target, unsigned long long set, unsigned long long clear, bool recursive) {
    const std::vector<std::string> mounts =
        recursive ? at_or_below(mount_plan::parse_mount_points(sys::read_file("/proc/self/mountinfo")), target)
                  : std::vector<std::string>{target};
    for (const std::string& mount : mounts.empty() ? std::vector<std::string>{target} : mounts) {
        struct statvfs info {};
        sys::check(::statvfs(mount.c_str(), &info), "statvfs", mount);
        sys::check(::mount(nullptr, mount.c_str(), nullptr, MS_REMOUNT | MS_BIND | flags_for(info.f_flag, set, clear), nullptr),
                   "mount -o remount,bind (mount_setattr's fallback before Linux 5.12)", mount);
    }
}

}  // namespace isotest::remount
