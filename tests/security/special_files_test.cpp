// Issue 6: special files of the host seen through every view the sandbox offers (the default
// overlay, --fs readonly, --root, --rw binds). Host services listening
// on filesystem Unix sockets (docker.sock, the D-Bus system bus, databases) and host processes
// reading FIFOs are the host's "loopback" too: a network namespace does not cover them, only the
// mount view can. Device nodes outside /dev (chroots, container roots) must stay unusable.
// Whichever way the view shows their directory: a writable or read-only overlay, a --rw bind, or
// a lone file next to mounts (a socket directly in /run on systemd hosts: /run/docker.sock).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "host_processes.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

const std::vector<std::vector<std::string>> kEveryView = {{}, {"--root"}, {"--fs", "readonly"}, {"--fs", "readonly", "--root"}};

// A listening Unix socket at PATH, open to everyone, removed when it goes away.
class UnixListener {
public:
    explicit UnixListener(fs::path path) : path_(std::move(path)) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd_, 8) != 0 ||
            ::chmod(path_.c_str(), 0777) != 0) {
            throw std::runtime_error("listen on " + path_.string() + ": " + std::strerror(errno));
        }
    }
    ~UnixListener() {
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    UnixListener(const UnixListener&) = delete;
    UnixListener& operator=(const UnixListener&) = delete;
    int accept_pending() {
        int accepted = 0;
        for (int connection; (connection = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++accepted) ::close(connection);
        return accepted;
    }

private:
    fs::path path_;
    int fd_ = -1;
};

void expect_unreachable(UnixListener& host, const std::string& path, const std::vector<std::string>& mode) {
    std::vector<std::string> args = mode;
    args.insert(args.end(), {"--", probe("connect_unix"), path});
    const RunResult r = run_isotest(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.out, "refused: ")) << r.describe();
    EXPECT_EQ(host.accept_pending(), 0) << "a host service accepted a connection from the sandbox\n" << r.describe();
}

TEST(UnixSockets, HostServicesAreUnreachableThroughAnyView) {
    ScratchDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    UnixListener host(dir / "service.sock");
    for (const auto& mode : kEveryView) {
        expect_unreachable(host, (dir / "service.sock").string(), mode);
    }
    // The probe does connect without isolation, so the checks above can fail.
    const RunResult shared = run_isotest({"--rw", dir.str(), "--", probe("connect_unix"), (dir / "service.sock").string()});
    EXPECT_EQ(shared.out, "connected\n") << shared.describe();
    EXPECT_EQ(host.accept_pending(), 1);

    // "/" always has mounts below it, so a socket directly in it is shown as a lone file, as
    // /run/docker.sock is on hosts whose /run has submounts. Only root can plant one there.
    if (invoked_as_root()) {
        const fs::path lone = "/isotest-sec-" + unique_token() + ".sock";
        UnixListener lone_host(lone);
        for (const auto& mode : kEveryView) {
            expect_unreachable(lone_host, lone.string(), mode);
        }
    }
}

// A host process holding a FIFO's read end, as a service reading commands from one would.
void expect_fifo_unreachable(const std::vector<std::vector<std::string>>& modes) {
    ScratchDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const fs::path fifo = dir / "host.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0666), 0);
    ASSERT_EQ(::chmod(fifo.c_str(), 0666), 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    ASSERT_GE(reader, 0);
    for (const auto& mode : modes) {
        // Opened read-write, so the open never waits for a reader.
        const RunResult r = run_isotest_sh(mode, {"printf from-sandbox 1<>\"$0\" && echo sent", fifo.string()});
        char buffer[64];
        const ssize_t got = ::read(reader, buffer, sizeof buffer);
        EXPECT_LE(got, 0) << "the host's FIFO reader received " << std::string(buffer, got > 0 ? got : 0) << "\n" << r.describe();
    }
    ::close(reader);
}

TEST(Fifos, HostReadersGetNothingThroughAnyView) { expect_fifo_unreachable(kEveryView); }

TEST(DeviceNodes, HostNodesOutsideDevAreUnusable) {
    // Only root can make a device node on the host (a copy of /dev/null stands for a disk), and
    // only a test that is the host's root could open one it cannot otherwise.
    if (!invoked_as_root()) {
        ScratchDir dir;
        EXPECT_NE(::mknod((dir / "disk").c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
        EXPECT_EQ(errno, EPERM);
        return;
    }
    ScratchDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const fs::path node = dir / "disk";
    ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
    std::vector<std::vector<std::string>> views = kEveryView;
    views.push_back({"--rw", dir.str()});
    for (const auto& view : views) {
        const RunResult r = run_isotest_sh(view, {"(: > \"$0\") 2>/dev/null && echo opened || echo refused", node.string()});
        EXPECT_EQ(r.out, "refused\n") << r.describe();
    }
}

}  // namespace
}  // namespace sectest
