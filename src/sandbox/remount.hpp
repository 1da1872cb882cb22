// mount_setattr(2)'s fallback for kernels before Linux 5.12: the same attributes set with the
// classic bind remount, mount by mount (a remount is never recursive, so each mount at or below
// the target, from /proc/self/mountinfo). A remount must repeat the flags a mount has, or it
// would clear them (and an unprivileged one may not clear the locked ones): those are read with
// statvfs first. The pure parts are unit-tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isotest::remount {

// MS_* flags for mount(MS_REMOUNT | MS_BIND) that keep statvfs's `statvfs_flags` (ST_*) and
// apply MOUNT_ATTR_* `set` and `clear` (read-only, nosuid, nodev, noexec).
unsigned long flags_for(unsigned long statvfs_flags, unsigned long long set, unsigned long long clear);

// Of `mount_points` (mountinfo order), those equal to `target` or below it, in that order.
std::vector<std::string> at_or_below(const std::vector<std::string>& mount_points, std::string_view target);

// Remounts `target` (and, if recursive, each mount below it) with the attributes changed.
// Throws SyscallError naming the mount.
void change_attributes(const std::string& target, unsigned long long set, unsigned long long clear, bool recursive);

}  // namespace isotest::remount
