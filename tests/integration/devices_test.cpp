// Issue 15, part 3 (devices): --dev passes host device nodes into the sandbox's /dev, usable and
// with the host's owner and mode: a tun interface made in the sandbox's own network namespace,
// a FUSE file system mounted and served through /dev/fuse, root and unprivileged. --root gives
// the test CAP_NET_ADMIN over the sandbox's network namespace (its user namespace owns it), which
// TUNSETIFF asks for; a FUSE mount wants CAP_SYS_ADMIN, which the test never has, so the probe
// mounts in a user and mount namespace of its own, as rootless FUSE tools do. The device itself is opened with the host's permissions (Debian's udev makes /dev/net/tun and
// /dev/fuse 0666; scripts/test-all.sh does the same where no udev ran).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "isotest_run.hpp"
#include "paths.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

// Why a test cannot use `path` on this host at all: the sandbox gives no more than the host.
std::string host_refuses(const char* path) {
    if (::access(path, R_OK | W_OK) == 0) return "";
    return std::string(path) + " is not read-write for uid " + std::to_string(::getuid()) + " on this host (" +
           std::strerror(errno) + "): give it udev's mode 0666, as scripts/test-all.sh does";
}

// What opening `path` gives this process on the host, as the probe prints it.
std::string host_open_result(const char* path) {
    int fd = ::open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && (errno == EACCES || errno == EROFS)) fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return std::string(std::strerror(errno)) + "\n";
    ::close(fd);
    return "opened\n";
}

std::string interface_name() { return "itun" + std::to_string(::getpid() % 100000); }

TEST(Devices, TunMakesAnInterfaceInTheSandboxsNetwork) {
    ASSERT_EQ(host_refuses("/dev/net/tun"), "");
    const std::string name = interface_name();
    const RunResult r = run_isotest({"--root", "--dev", "/dev/net/tun", "--", probe::device_use, "tun", name});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out.rfind("tun " + name + " up as interface ", 0), 0u) << r.describe();
    EXPECT_EQ(::if_nametoindex(name.c_str()), 0u) << name << " reached the host's network";
}

TEST(Devices, IpTuntapAddWorksInside) {
    ASSERT_EQ(host_refuses("/dev/net/tun"), "");
    const std::string name = interface_name();
    const RunResult r = run_isotest_sh({"--root", "--dev", "/dev/net/tun"},
                                       {"ip tuntap add dev \"$1\" mode tun && ip -o link show \"$1\"", "sh", name});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_NE(r.out.find(": " + name + ": "), std::string::npos) << r.describe();
    EXPECT_EQ(::if_nametoindex(name.c_str()), 0u) << name << " reached the host's network";
}

TEST(Devices, FuseFileSystemMountsAndAnswers) {
    ASSERT_EQ(host_refuses("/dev/fuse"), "");
    const RunResult r = run_isotest({"--dev", "/dev/fuse", "--", probe::device_use, "fuse", "/tmp/fuse"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "fuse: is a directory of mode 751\n") << r.describe();
}

// Without --dev the node is not there; a directory passes whole, a glob expands on the host.
TEST(Devices, OnlyWhatIsPassedIsThere) {
    RunResult r = run_isotest_sh({}, {"test -e /dev/net/tun && echo present || echo absent"});
    EXPECT_EQ(r.out, "absent\n") << r.describe();
    r = run_isotest_sh({"--dev", "/dev/net", "--dev", "/dev/nul[l]"},
                       {"stat -c '%F %t:%T' /dev/net/tun /dev/null"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "character special file a:c8\ncharacter special file 1:3\n") << r.describe();
}

// The host's owner and mode hold: a root-only node opens for root only, as on the host; and the
// test cannot change the host's node (the bind is read-only).
TEST(Devices, HostPermissionsHoldAndTheNodeStaysTheHosts) {
    const char* node = "/dev/console";  // root's alone (0600) wherever devtmpfs makes it
    struct stat host {};
    ASSERT_EQ(::stat(node, &host), 0) << std::strerror(errno);
    const RunResult r = run_isotest({"--dev", node, "--", probe::device_use, "open", node});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, host_open_result(node)) << r.describe();
    const RunResult changed =
        run_isotest_sh({"--root", "--dev", node}, {"chmod 0666 \"$1\"; rm -f \"$1\"; stat -c %a \"$1\"", "sh", node});
    struct stat after {};
    ASSERT_EQ(::stat(node, &after), 0);
    EXPECT_EQ(after.st_mode, host.st_mode) << changed.describe();
    char mode[16];
    std::snprintf(mode, sizeof mode, "%o\n", static_cast<unsigned>(host.st_mode & 07777));
    EXPECT_EQ(changed.out, mode) << changed.describe();
}

TEST(Devices, PathsThatCannotMeanAnythingAreRefusedUpFront) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--rw", "/dev/net/tun"}, {"--keep", "/dev/net"}, {"--rw", "/proc"}, {"--tmpfs", "/dev"},
             {"--rw", "/dev"}, {"--dev", "/dev/shm"}, {"--dev", "/dev/nonexistent-isotest*"}, {"--dev", "/etc/passwd"},
             // --tmpfs over a device --dev passes, or the directory --dev makes for it, or /dev's own.
             {"--tmpfs", "/dev/net/tun", "--dev", "/dev/net/tun"}, {"--dev", "/dev/net/tun", "--tmpfs", "/dev/net"},
             {"--tmpfs", "/dev/null"}}) {
        std::vector<std::string> command = args;
        command.insert(command.end(), {"--", "true"});
        const RunResult r = run_isotest(command);
        EXPECT_EQ(r.exit_code, 125) << r.describe();
        EXPECT_EQ(lines_of(r.err).size(), 1u) << r.describe();
        EXPECT_NE(r.err.find(args[0] + " " + args[1]), std::string::npos) << r.describe();
    }
}

}  // namespace
}  // namespace itest
