// Issue 6, hostile input: a --junit path that is a FIFO or a device node. Issue 12: a --junit
// path that cannot be written is refused before the test runs; a symlink is followed once, when
// isotest starts.
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
#include "text.hpp"

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

// --rw SHARED -- sh -c 'touch SHARED/ran': a run that shows whether the test ran.
std::vector<std::string> marking_run(const fs::path& junit, const fs::path& shared) {
    return {"--junit", junit.string(), "--rw", shared.string(), "--", "sh", "-c", "touch \"$0/ran\"", shared.string()};
}

TEST(JunitTarget, UnwritableIsRefusedBeforeTheTestRuns) {
    ScratchDir scratch;
    const fs::path shared = scratch / "shared";
    fs::create_directories(shared);
    fs::create_directories(scratch / "a-directory");
    write_file(scratch / "a-file", "");
    std::vector<fs::path> unwritable = {scratch / "a-directory", scratch / "a-file" / "report.xml",
                                        "/proc/isotest-report.xml"};
    if (!invoked_as_root()) {  // root writes into any directory, whatever its mode
        fs::create_directories(scratch / "read-only");
        fs::permissions(scratch / "read-only", fs::perms::owner_read | fs::perms::owner_exec);
        unwritable.push_back(scratch / "read-only" / "report.xml");
    }
    for (const fs::path& junit : unwritable) {
        const RunResult r = run_isotest(marking_run(junit, shared));
        expect_one_line_error(r, junit.string());
        EXPECT_FALSE(fs::exists(shared / "ran")) << "the test ran\n" << r.describe();
    }
    if (!invoked_as_root()) fs::permissions(scratch / "read-only", fs::perms::owner_all);
    // The same runs with a writable --junit: the marker does show a run.
    const RunResult ok = run_isotest(marking_run(scratch / "report.xml", shared));
    EXPECT_EQ(ok.exit_code, 0) << ok.describe();
    EXPECT_TRUE(fs::exists(shared / "ran")) << ok.describe();
}

// A symlink is followed like a shell's `>` does: the report replaces the file it points to and
// the symlink stays; a dangling one makes its target, if the target's directory exists.
TEST(JunitTarget, SymlinkIsFollowedAndStays) {
    ScratchDir scratch;
    fs::create_directories(scratch / "targets");
    write_file(scratch / "targets" / "old.xml", "old report");
    fs::create_symlink("targets/old.xml", scratch / "to-file");
    fs::create_symlink(scratch / "targets" / "new.xml", scratch / "dangling");
    for (const std::string link : {"to-file", "dangling"}) {
        const RunResult r = run_isotest({"--junit", (scratch / link).string(), "--", "true"});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(fs::is_symlink(scratch / link)) << link << " was replaced\n" << r.describe();
        EXPECT_TRUE(contains(read_file_if_exists(scratch / link), "<testsuites")) << link << "\n" << r.describe();
    }
    ASSERT_TRUE(fs::is_symlink(scratch / "to-file"));
    EXPECT_EQ(fs::read_symlink(scratch / "to-file"), "targets/old.xml");
    EXPECT_TRUE(contains(read_file(scratch / "targets" / "old.xml"), "<testsuites"));
    EXPECT_TRUE(contains(read_file_if_exists(scratch / "targets" / "new.xml"), "<testsuites"));
    EXPECT_EQ(std::distance(fs::directory_iterator(scratch / "targets"), fs::directory_iterator{}), 2);

    // A symlink into a directory that does not exist, or to a directory: refused, the test not run.
    const fs::path shared = scratch / "shared";
    fs::create_directories(shared);
    fs::create_symlink(scratch / "missing" / "r.xml", scratch / "into-missing");
    fs::create_directory_symlink(scratch / "targets", scratch / "to-directory");
    for (const std::string link : {"into-missing", "to-directory"}) {
        const RunResult r = run_isotest(marking_run(scratch / link, shared));
        expect_one_line_error(r, (scratch / link).string());
        EXPECT_FALSE(fs::exists(shared / "ran")) << "the test ran\n" << r.describe();
        EXPECT_TRUE(fs::is_symlink(scratch / link));
    }
    EXPECT_FALSE(fs::exists(scratch / "missing"));
}

// The symlink is read once, when isotest starts: a test that owns the symlink's directory and
// points it elsewhere while it runs does not move the report.
TEST(JunitTarget, SymlinkSwappedDuringTheRunDoesNotMoveTheReport) {
    ScratchDir scratch;
    fs::create_directories(scratch / "links");
    fs::create_directories(scratch / "targets");
    write_file(scratch / "targets" / "other.xml", "not a report");
    fs::create_symlink(scratch / "targets" / "report.xml", scratch / "links" / "report.xml");
    const RunResult r = run_isotest({"--junit", (scratch / "links" / "report.xml").string(), "--rw",
                                     (scratch / "links").string(), "--", "sh", "-c",
                                     "ln -sfn \"$1\" \"$0/report.xml\"", (scratch / "links").string(),
                                     (scratch / "targets" / "other.xml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    ASSERT_TRUE(fs::is_symlink(scratch / "links" / "report.xml")) << "the symlink was replaced\n" << r.describe();
    EXPECT_EQ(fs::read_symlink(scratch / "links" / "report.xml"), scratch / "targets" / "other.xml")
        << "the test's swap did not happen\n" << r.describe();
    EXPECT_TRUE(contains(read_file_if_exists(scratch / "targets" / "report.xml"), "<testsuites")) << r.describe();
    EXPECT_EQ(read_file(scratch / "targets" / "other.xml"), "not a report");
}

// /dev/stdout is isotest's own stdout, written in place: after the test's output, whether stdout
// is a pipe or a regular file — never a file put in its stead.
TEST(JunitTarget, DevStdoutIsWrittenInPlace) {
    const RunResult piped = run_isotest({"--junit", "/dev/stdout", "--", "echo", "from the test"});
    EXPECT_EQ(piped.exit_code, 0) << piped.describe();
    EXPECT_TRUE(piped.out.starts_with("from the test\n")) << piped.describe();
    EXPECT_TRUE(contains(piped.out, "<testsuites")) << piped.describe();

    ScratchDir scratch;
    const fs::path out = scratch / "out.txt";
    RunRequest request;
    request.wrapper = {"sh", "-c", "exec \"$0\" \"$@\" >" + sh_quote(out.string())};
    request.args = {"--junit", "/dev/stdout", "--", "echo", "from the test"};
    const RunResult to_file = run_isotest(request);
    EXPECT_EQ(to_file.exit_code, 0) << to_file.describe();
    const std::string written = read_file(out);
    EXPECT_TRUE(written.starts_with("from the test\n")) << written;
    EXPECT_TRUE(contains(written, "<testsuites")) << written;
    EXPECT_TRUE(fs::is_symlink("/dev/stdout"));
}

}  // namespace
}  // namespace sectest
