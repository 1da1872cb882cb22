// Issue 6, hostile input: a --junit path that is a FIFO or a device node.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "expectations.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// A --junit path that is not a regular file must not be swapped for one: with /dev/null that
// would break the whole machine.
TEST(HostileInput, JunitOnAFifoOrDeviceKeepsTheNode) {
    ScratchDir scratch;
    const fs::path fifo = scratch / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader, so writing into the FIFO cannot block forever.
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        char buffer[4096];
        while (!stop) {
            pollfd ready{fd, POLLIN, 0};
            if (::poll(&ready, 1, 50) > 0 && ::read(fd, buffer, sizeof buffer) < 0 && errno != EAGAIN) break;
        }
        ::close(fd);
    });
    const RunResult r = run_isotest({"--junit", fifo.string(), "--", "true"});
    stop = true;
    reader.join();
    struct stat info {};
    ASSERT_EQ(::lstat(fifo.c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "the FIFO was replaced\n" << r.describe();
    if (r.exit_code != 0) expect_one_line_error(r);

    if (invoked_as_root()) {
        const fs::path device = scratch / "null";
        ASSERT_EQ(::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
        const RunResult d = run_isotest({"--junit", device.string(), "--", "true"});
        ASSERT_EQ(::lstat(device.c_str(), &info), 0);
        EXPECT_TRUE(S_ISCHR(info.st_mode)) << "the device node was replaced by a file\n" << d.describe();
        if (d.exit_code != 0) expect_one_line_error(d);
    }
}

}  // namespace
}  // namespace sectest
