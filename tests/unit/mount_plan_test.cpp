#include "sandbox/mount_plan.hpp"

#include <gtest/gtest.h>

using namespace isotest::mount_plan;

TEST(MountPlan, ParsesMountPointsAndDecodesEscapes) {
    const std::string mountinfo =
        "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
        "28 27 0:25 / /mnt/with\\040space ro - tmpfs t ro\n";
    EXPECT_EQ(parse_mount_points(mountinfo), (std::vector<std::string>{"/proc", "/", "/mnt/with space"}));
}

TEST(MountPlan, HasMountBelowIgnoresTheDirectoryItself) {
    const std::vector<std::string> mounts{"/", "/proc", "/mnt/x/y"};
    EXPECT_TRUE(has_mount_below("/", mounts));
    EXPECT_TRUE(has_mount_below("/mnt", mounts));
    EXPECT_FALSE(has_mount_below("/mnt/x/y", mounts));
    EXPECT_FALSE(has_mount_below("/usr", mounts));
}

TEST(MountPlan, EscapesOverlaySeparators) {
    EXPECT_EQ(escape_overlay_path("/a:b,c\\d"), "/a\\:b\\,c\\\\d");
    EXPECT_EQ(escape_overlay_path("/plain"), "/plain");
}

TEST(MountPlan, KeepsOnlyPathsHiddenByAFreshTmpfs) {
    const auto mounts = extra_mounts({}, {}, {"/work/src", "/tmp/build/x", "/tmp/build", "/tmp"});
    ASSERT_EQ(mounts.size(), 1u);
    EXPECT_EQ(mounts[0].kind, ExtraMount::Kind::keep);
    EXPECT_EQ(mounts[0].path, "/tmp/build");
}

TEST(MountPlan, KeepPathUnderRwPathIsAlreadyVisible) {
    const auto mounts = extra_mounts({}, {"/tmp/out"}, {"/tmp/out/sub"});
    ASSERT_EQ(mounts.size(), 1u);
    EXPECT_EQ(mounts[0].kind, ExtraMount::Kind::bind_rw);
}

TEST(MountPlan, ParentsComeBeforeChildrenAndTmpfsUnderBinds) {
    const auto mounts = extra_mounts({"/work/scratch", "/data"}, {"/work/scratch/keep", "/data"}, {"/work/scratch/cwd"});
    ASSERT_EQ(mounts.size(), 5u);
    EXPECT_EQ(mounts[0].path, "/data");
    EXPECT_EQ(mounts[0].kind, ExtraMount::Kind::tmpfs);
    EXPECT_EQ(mounts[1].path, "/data");
    EXPECT_EQ(mounts[1].kind, ExtraMount::Kind::bind_rw);
    EXPECT_EQ(mounts[2].path, "/work/scratch");
    EXPECT_EQ(mounts[3].path, "/work/scratch/cwd");
    EXPECT_EQ(mounts[3].kind, ExtraMount::Kind::keep);
    EXPECT_EQ(mounts[4].path, "/work/scratch/keep");
}

TEST(MountPlan, KeepEverywhereGivesEachKeptPathItsOwnView) {
    // Nested ones too (each must be an overlay root), parents first; not "/", replaced trees,
    // paths a --rw bind shows, or the same path twice.
    const auto mounts = extra_mounts({}, {"/var/tmp/out"}, {"/var/tmp/build/sub"},
                                     {"/var/tmp/build", "/var/tmp/build/sub", "/", "/proc/x", "/var/tmp/out/cwd",
                                      "/var/tmp/build"});
    ASSERT_EQ(mounts.size(), 3u);
    EXPECT_EQ(mounts[0].path, "/var/tmp/build");
    EXPECT_EQ(mounts[0].kind, ExtraMount::Kind::keep);
    EXPECT_EQ(mounts[1].path, "/var/tmp/build/sub");
    EXPECT_EQ(mounts[1].kind, ExtraMount::Kind::keep);
    EXPECT_EQ(mounts[2].path, "/var/tmp/out");
    EXPECT_EQ(mounts[2].kind, ExtraMount::Kind::bind_rw);
}

TEST(MountPlan, OnlyKeepEverywherePathsGetAViewOutsideFreshTmpfs) {
    // /usr/bin (the command's directory, not writable) is plain host view; the writable cwd is
    // shown on its own; a kept path under /tmp is shown either way.
    const auto mounts = extra_mounts({}, {}, {"/usr/bin", "/tmp/x"}, {"/home/me/build"});
    ASSERT_EQ(mounts.size(), 2u);
    EXPECT_EQ(mounts[0].path, "/home/me/build");
    EXPECT_EQ(mounts[1].path, "/tmp/x");
    // A plain kept path inside an everywhere one is seen through it; the reverse is not.
    const auto nested = extra_mounts({}, {}, {"/home/me/build/bin"}, {"/home/me/build"});
    ASSERT_EQ(nested.size(), 1u);
    EXPECT_EQ(nested[0].path, "/home/me/build");
    const auto reverse = extra_mounts({}, {}, {"/tmp/me"}, {"/tmp/me/build"});
    ASSERT_EQ(reverse.size(), 2u);
    EXPECT_EQ(reverse[0].path, "/tmp/me");
    EXPECT_EQ(reverse[1].path, "/tmp/me/build");
}

// What an entry's nearest enclosing mount shows decides it: a --rw bind shows everything below
// it, but not below a fresh tmpfs mounted inside it.
TEST(MountPlan, EachPathIsDecidedByTheNearestMountAboveIt) {
    const auto mounts = extra_mounts({"/w/t", "/w/t"}, {"/w", "/w/sub", "/w", "/w/t/out", "/w/t/out/deeper"},
                                     {"/w/t/cwd", "/w/keep"});
    ASSERT_EQ(mounts.size(), 4u);
    EXPECT_EQ(mounts[0].path, "/w");
    EXPECT_EQ(mounts[0].kind, ExtraMount::Kind::bind_rw);
    EXPECT_EQ(mounts[1].path, "/w/t");  // once
    EXPECT_EQ(mounts[1].kind, ExtraMount::Kind::tmpfs);
    EXPECT_EQ(mounts[2].path, "/w/t/cwd");  // hidden by the tmpfs, so shown again
    EXPECT_EQ(mounts[2].kind, ExtraMount::Kind::keep);
    EXPECT_EQ(mounts[3].path, "/w/t/out");
    EXPECT_EQ(mounts[3].kind, ExtraMount::Kind::bind_rw);
}

// "/a-b" sorts between "/a" and "/a/b" as plain strings; the plan must still see /a/b inside /a.
TEST(MountPlan, SiblingsWithSimilarNamesDoNotSeparateAParentFromItsChildren) {
    const auto mounts = extra_mounts({}, {"/a", "/a-b", "/a/b", "/a.b/c"}, {});
    ASSERT_EQ(mounts.size(), 3u);
    EXPECT_EQ(mounts[0].path, "/a");
    EXPECT_EQ(mounts[1].path, "/a-b");
    EXPECT_EQ(mounts[2].path, "/a.b/c");
}

// Long option lists: the same path 20,000 times is one mount, 20,000 paths inside one --rw are
// none more, and 20,000 distinct paths are each planned once, parents first.
TEST(MountPlan, TwentyThousandEntriesCollapseToWhatTheyShow) {
    constexpr int kCount = 20000;
    const std::vector<std::string> same(kCount, "/srv/data");
    std::vector<std::string> nested{"/srv"}, distinct;
    for (int i = 0; i < kCount; ++i) {
        nested.push_back("/srv/" + std::to_string(i) + "/x");
        distinct.push_back("/tmp/t" + std::to_string(kCount - i));
    }
    EXPECT_EQ(extra_mounts({}, same, same).size(), 1u);
    EXPECT_EQ(extra_mounts(same, {}, {}).size(), 1u);
    EXPECT_EQ(extra_mounts({}, nested, nested).size(), 1u);
    const auto each = extra_mounts(distinct, {}, distinct);  // a tmpfs each, and a kept path on it
    ASSERT_EQ(each.size(), 2u * kCount);
    for (std::size_t i = 0; i < each.size(); i += 2) {
        EXPECT_EQ(each[i].kind, ExtraMount::Kind::tmpfs);
        EXPECT_EQ(each[i + 1].kind, ExtraMount::Kind::keep);
        EXPECT_EQ(each[i].path, each[i + 1].path);
        if (i > 0) {
            EXPECT_LT(each[i - 1].path, each[i].path);
        }
    }
}

TEST(MountPlan, EffectiveModeGivesEveryClassTheInvokersRights) {
    EXPECT_EQ(effective_mode(0755, false, 05), 0555u);   // root's /usr
    EXPECT_EQ(effective_mode(01777, false, 07), 01777u); // /var/tmp
    EXPECT_EQ(effective_mode(0750, false, 0), 0u);       // no rights at all
    EXPECT_EQ(effective_mode(02775, false, 07), 02777u); // setgid group dir, invoker in the group
    EXPECT_EQ(effective_mode(0700, true, 0), 0700u);     // the invoker's own: the host mode
}// /dev/shm: --shm-size gives it a tmpfs of its own; --tmpfs-size alone keeps it inside that one
// cap; by default it is as large as the host's, on a tmpfs of its own only where the scratch
// tmpfs (the kernel's default size) differs.
TEST(MountPlan, OwnShmSize) {
    constexpr std::uint64_t kHalfRam = 8ull << 30, kAllRam = 16ull << 30, kDocker = 64ull << 20;
    EXPECT_EQ(own_shm_size(1ull << 20, std::nullopt, kAllRam, kHalfRam), 1ull << 20);
    EXPECT_EQ(own_shm_size(1ull << 20, 8ull << 20, kAllRam, 8ull << 20), 1ull << 20);
    EXPECT_EQ(own_shm_size(std::nullopt, 8ull << 20, kAllRam, 8ull << 20), std::nullopt);
    EXPECT_EQ(own_shm_size(std::nullopt, std::nullopt, kHalfRam, kHalfRam), std::nullopt);
    EXPECT_EQ(own_shm_size(std::nullopt, std::nullopt, kAllRam, kHalfRam), kAllRam);
    EXPECT_EQ(own_shm_size(std::nullopt, std::nullopt, kDocker, kHalfRam), kDocker);
    EXPECT_EQ(own_shm_size(std::nullopt, std::nullopt, std::nullopt, kHalfRam), std::nullopt);
}


