// mount_setattr's fallback before Linux 5.12 (remount.hpp): which flags a bind remount passes,
// and which mounts a recursive change reaches.
#include "sandbox/remount.hpp"

#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <gtest/gtest.h>

namespace isotest::remount {
namespace {

TEST(Remount, KeepsTheMountsFlagsAndAppliesTheAttributes) {
    // A locked nosuid,nodev,relatime mount made read-only keeps all three.
    EXPECT_EQ(flags_for(ST_NOSUID | ST_NODEV | ST_RELATIME, MOUNT_ATTR_RDONLY, 0),
              static_cast<unsigned long>(MS_NOSUID | MS_NODEV | MS_RELATIME | MS_RDONLY));
    EXPECT_EQ(flags_for(ST_RDONLY | ST_NOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0),
              static_cast<unsigned long>(MS_RDONLY | MS_NOEXEC | MS_NOSUID | MS_NODEV));
    // Clearing nodev (a device directory) and nothing else.
    EXPECT_EQ(flags_for(ST_NOSUID | ST_NODEV | ST_NOEXEC, 0, MOUNT_ATTR_NODEV),
              static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC));
    EXPECT_EQ(flags_for(ST_NOATIME | ST_NODIRATIME, 0, 0), static_cast<unsigned long>(MS_NOATIME | MS_NODIRATIME));
}

TEST(Remount, ARecursiveChangeReachesTheTargetAndWhatIsBelowIt) {
    const std::vector<std::string> points = {"/", "/proc", "/newroot", "/newroot/usr", "/newroot2", "/newroot/usr/lib/x",
                                             "/sys"};
    EXPECT_EQ(at_or_below(points, "/newroot"), (std::vector<std::string>{"/newroot", "/newroot/usr", "/newroot/usr/lib/x"}));
    EXPECT_EQ(at_or_below(points, "/newroot/"), at_or_below(points, "/newroot"));
    EXPECT_EQ(at_or_below(points, "/"), points);
    EXPECT_TRUE(at_or_below(points, "/nothing").empty());
}

}  // namespace
}  // namespace isotest::remount
