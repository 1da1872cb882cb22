// Issue 13.7: the sizes of the places a test writes. By default everything but /dev/shm shares
// one tmpfs as large as the kernel makes a tmpfs (half of RAM), and /dev/shm is as large as the
// host's; --tmpfs-size caps all of it, /dev/shm included; --shm-size gives /dev/shm a tmpfs of
// its own, and a write past it fails with ENOSPC.
#include <gtest/gtest.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "isotest_run.hpp"

namespace itest {
using namespace testsupport;

namespace {

// What the kernel gives a tmpfs mounted without size=: half of RAM, in whole pages.
std::uint64_t kernel_default_tmpfs_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    while (meminfo >> key >> kib && key != "MemTotal:") meminfo.ignore(256, '\n');
    const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return kib * 1024 / page / 2 * page;
}

// "SIZE_OF_/tmp SIZE_OF_/dev/shm\n" as statfs sees them inside.
constexpr const char* kSizes =
    "for m in /tmp /dev/shm; do set -- $(stat -f -c '%b %S' $m); printf '%s ' $(($1 * $2)); done; echo";

std::string sizes(std::uint64_t tmp, std::uint64_t shm) { return std::to_string(tmp) + " " + std::to_string(shm) + " \n"; }

const std::vector<std::vector<std::string>> kViews = {
    {"--fs", "overlay"}, {"--fs", "readonly"}, {"--fs", "overlay", "--root"}};

RunResult run_in(const std::vector<std::string>& view, std::vector<std::string> options, const std::string& script) {
    options.insert(options.end(), view.begin(), view.end());
    options.insert(options.end(), {"--", "sh", "-c", script});
    return run_isotest(options);
}

TEST(ScratchSize, DefaultsAreTheKernelsTmpfsAndTheHostsDevShm) {
    struct statfs host_shm {};
    ASSERT_EQ(::statfs("/dev/shm", &host_shm), 0);
    ASSERT_EQ(host_shm.f_type, static_cast<decltype(host_shm.f_type)>(TMPFS_MAGIC)) << "the host's /dev/shm is no tmpfs";
    const std::uint64_t host_shm_bytes = static_cast<std::uint64_t>(host_shm.f_blocks) * host_shm.f_bsize;
    for (const auto& view : kViews) {
        const RunResult r = run_in(view, {}, kSizes);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, sizes(kernel_default_tmpfs_bytes(), host_shm_bytes)) << r.describe();
    }
}

TEST(ScratchSize, TmpfsSizeCapsDevShmToo) {
    for (const auto& view : kViews) {
        const RunResult r = run_in(view, {"--tmpfs-size", "64M"}, kSizes);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, sizes(64ull << 20, 64ull << 20)) << r.describe();
    }
}

TEST(ScratchSize, ShmSizeIsDevShmsOwnCap) {
    for (const auto& view : kViews) {
        const RunResult r = run_in(view, {"--shm-size", "8M"}, kSizes);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, sizes(kernel_default_tmpfs_bytes(), 8ull << 20)) << r.describe();
    }
}

TEST(ScratchSize, WritingPastShmSizeFailsWithEnospc) {
    for (const auto& view : kViews) {
        const RunResult r = run_in(view, {"--shm-size", "8M"},
                                   "head -c 7M /dev/zero > /dev/shm/fits && echo 7M fits; "
                                   "rm /dev/shm/fits; head -c 9M /dev/zero > /dev/shm/too-big; echo status $?");
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "7M fits\nstatus 1\n") << r.describe();
        EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.describe();
    }
}

// With both options the two caps are apart: 6 MiB fits in /tmp and 6 MiB more in /dev/shm
// under --tmpfs-size 8M, where one cap would hold 8 MiB in all.
TEST(ScratchSize, ShmSizeIsOutsideTmpfsSize) {
    for (const auto& view : kViews) {
        const RunResult r = run_in(view, {"--tmpfs-size", "8M", "--shm-size", "8M"},
                                   "head -c 6M /dev/zero > /tmp/a && head -c 6M /dev/zero > /dev/shm/b && echo both fit");
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "both fit\n") << r.describe();
    }
}

}  // namespace
}  // namespace itest
