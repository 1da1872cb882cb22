#include "sandbox/cgroup_plan.hpp"

#include <gtest/gtest.h>

namespace isotest::cgroup_plan {
namespace {

// This project's CI machine: cgroup v1 controllers plus an empty v2 hierarchy.
constexpr const char* kHybridMountinfo =
    "25 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
    "30 25 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "33 30 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "36 30 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 30 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 30 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 30 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
constexpr const char* kHybridCgroup =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/c64\n1:cpu:/\n0::/\n";

TEST(CgroupPlan, FindsTheV1HierarchiesOfTheWantedControllersAndTheV2One) {
    const auto own = own_cgroups(kHybridMountinfo, kHybridCgroup, {"memory", "pids"});
    ASSERT_EQ(own.size(), 3u);
    EXPECT_EQ(own[0].version, 1);
    EXPECT_EQ(own[0].directory, "/sys/fs/cgroup/pids");
    EXPECT_EQ(own[0].controllers, std::vector<std::string>{"pids"});
    EXPECT_EQ(own[1].directory, "/sys/fs/cgroup/memory/process_api/c64");
    EXPECT_EQ(own[2].version, 2);
    EXPECT_EQ(own[2].directory, "/sys/fs/cgroup/unified");

    const auto memory_only = own_cgroups(kHybridMountinfo, kHybridCgroup, {"memory"});
    ASSERT_EQ(memory_only.size(), 2u);
    EXPECT_EQ(memory_only[0].directory, "/sys/fs/cgroup/memory/process_api/c64");
}

TEST(CgroupPlan, PureV2WithCoMountedAndEscapedPaths) {
    const char* mountinfo =
        "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
        "31 25 0:27 / /mnt/my\\040cgroups rw - cgroup cgroup rw,cpu,cpuacct\n";
    const auto own = own_cgroups(mountinfo, "3:cpu,cpuacct:/a\n0::/user.slice/user-1000.slice/session-2.scope\n",
                                 {"memory", "cpu"});
    ASSERT_EQ(own.size(), 2u);
    EXPECT_EQ(own[0].directory, "/mnt/my cgroups/a");
    EXPECT_EQ(own[0].controllers, (std::vector<std::string>{"cpu", "cpuacct"}));
    EXPECT_EQ(own[1].directory, "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
}

TEST(CgroupPlan, AMountOfASubtreeMapsPathsBelowItOnly) {
    // A container sees its own part of the hierarchy mounted at /sys/fs/cgroup/memory.
    const char* mountinfo = "36 30 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
    EXPECT_EQ(own_cgroups(mountinfo, "4:memory:/docker/abc/inner\n", {"memory"})[0].directory,
              "/sys/fs/cgroup/memory/inner");
    EXPECT_EQ(own_cgroups(mountinfo, "4:memory:/docker/abc\n", {"memory"})[0].directory, "/sys/fs/cgroup/memory");
    EXPECT_TRUE(own_cgroups(mountinfo, "4:memory:/docker/abcdef\n", {"memory"}).empty());
    EXPECT_TRUE(own_cgroups(mountinfo, "4:memory:/elsewhere\n", {"memory"}).empty());
}

TEST(CgroupPlan, NothingMountedOrGarbageGivesNothing) {
    EXPECT_TRUE(own_cgroups("", kHybridCgroup, {"memory"}).empty());
    EXPECT_TRUE(own_cgroups(kHybridMountinfo, "", {"memory"}).empty());
    EXPECT_TRUE(own_cgroups("garbage - - -\n\n-\n", "::::\nx\n", {"memory"}).empty());
}

// cgroup v2's sandbox cgroup may go in our own cgroup or any ancestor up to the mount point.
TEST(CgroupPlan, V2PlacesClimbFromOurCgroupToTheMountPoint) {
    const char* mountinfo = "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n";
    const auto own = own_cgroups(mountinfo, "0::/user.slice/user-1000.slice/user@1000.service/app.slice/run-u7.service\n",
                                 {"memory"});
    ASSERT_EQ(own.size(), 1u);
    EXPECT_EQ(own[0].top, "/sys/fs/cgroup");
    EXPECT_EQ(v2_places(own[0]),
              (std::vector<std::string>{"/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-u7.service",
                                        "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice",
                                        "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service",
                                        "/sys/fs/cgroup/user.slice/user-1000.slice", "/sys/fs/cgroup/user.slice",
                                        "/sys/fs/cgroup"}));
    // The root cgroup (a container's, seen through its cgroup namespace) is the only place.
    EXPECT_EQ(v2_places(own_cgroups(mountinfo, "0::/\n", {"memory"})[0]), std::vector<std::string>{"/sys/fs/cgroup"});
    // A subtree mounted elsewhere stops at its mount point.
    const auto inner = own_cgroups("31 25 0:26 /ci /mnt/cg rw - cgroup2 cgroup2 rw\n", "0::/ci/job/step\n", {"pids"});
    EXPECT_EQ(v2_places(inner[0]), (std::vector<std::string>{"/mnt/cg/job/step", "/mnt/cg/job", "/mnt/cg"}));
    EXPECT_TRUE(v2_places(OwnCgroup{2, "/elsewhere/x", {}, "/sys/fs/cgroup"}).empty());
}

TEST(CgroupPlan, SettingsPerVersion) {
    const auto v1 = memory_settings(1, 64u << 20);
    ASSERT_EQ(v1.size(), 2u);
    EXPECT_EQ(v1[0].file, "memory.limit_in_bytes");
    EXPECT_EQ(v1[0].value, "67108864");
    EXPECT_TRUE(v1[0].required);
    EXPECT_EQ(v1[1].file, "memory.memsw.limit_in_bytes");
    EXPECT_FALSE(v1[1].required);
    const auto v2 = memory_settings(2, 1000);
    EXPECT_EQ(v2[0].file, "memory.max");
    EXPECT_EQ(v2[1].file, "memory.swap.max");
    EXPECT_EQ(v2[1].value, "0");
    EXPECT_EQ(pids_settings(2, 40)[0].file, "pids.max");
    EXPECT_EQ(pids_settings(1, 40)[0].value, "40");
}

TEST(CgroupPlan, OomKillCounts) {
    EXPECT_EQ(oom_kill_file(1), "memory.oom_control");
    EXPECT_EQ(oom_kill_file(2), "memory.events");
    EXPECT_EQ(oom_kills("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"), 3u);
    EXPECT_EQ(oom_kills("low 0\nhigh 0\nmax 7\noom 1\noom_kill 0\noom_group_kill 0\n"), 0u);
    EXPECT_EQ(oom_kills("oom_kill_disable 0\nunder_oom 0\n"), std::nullopt);
    EXPECT_EQ(oom_kills("oom_kill x\n"), std::nullopt);
}

TEST(CgroupPlan, RefusedForkCounts) {
    EXPECT_EQ(refused_forks("max 12\n"), 12u);
    EXPECT_EQ(refused_forks("max 0\n"), 0u);
    EXPECT_EQ(refused_forks("max.imposed 3\nmax 1\n"), 1u) << "a longer key is another event";
    EXPECT_EQ(refused_forks("oom 1\n"), std::nullopt);
    EXPECT_EQ(refused_forks("max\n"), std::nullopt);
}

TEST(CgroupPlan, SubtreeControlWords) {
    EXPECT_EQ(split_controllers("cpu io memory pids\n"), (std::vector<std::string>{"cpu", "io", "memory", "pids"}));
    EXPECT_TRUE(split_controllers("\n").empty());
}

}  // namespace
}  // namespace isotest::cgroup_plan
