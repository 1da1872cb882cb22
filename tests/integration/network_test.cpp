// Issue 2, point 3 (network): only lo, up, with 127.0.0.1 and ::1; ports are private to each
// sandbox; the host's loopback is unreachable; --net host opts out; --net none has nothing up.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "isotest_run.hpp"
#include "paths.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// A TCP server on the host's 127.0.0.1 at a free port, listening for as long as it lives.
class HostLoopbackServer {
public:
    HostLoopbackServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            const int saved = errno;
            ::close(fd_);
            throw std::runtime_error(std::string("host loopback server: ") + std::strerror(saved));
        }
        port_ = ntohs(address.sin_port);
    }
    ~HostLoopbackServer() { ::close(fd_); }
    HostLoopbackServer(const HostLoopbackServer&) = delete;
    HostLoopbackServer& operator=(const HostLoopbackServer&) = delete;

    std::string port() const { return std::to_string(port_); }

private:
    int fd_ = -1;
    unsigned port_ = 0;
};

TEST(Network, OnlyLoopbackUpWithBothAddresses) {
    const RunResult r = run_isotest({"--", probe::interfaces});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    const std::set<std::string> reported(lines.begin(), lines.end());
    const std::set<std::string> expected = {"link lo up multicast", "addr lo 127.0.0.1", "addr lo ::1"};
    EXPECT_EQ(reported, expected) << r.describe();
}

// Issue 13: discovery protocols and their tests need multicast; it works between the test's own
// processes on the private loopback (and never reaches the host: the namespace has nothing else).
TEST(Network, MulticastWorksOnThePrivateLoopback) {
    for (const auto& identity : {std::vector<std::string>{}, std::vector<std::string>{"--root"}}) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--", probe::multicast});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "received\n") << r.describe();
    }
}

// The same between two processes of the test: one joins, the other sends (issue 13.5).
TEST(Network, MulticastReachesAnotherProcessOfTheTest) {
    const std::string receive = sh_quote(probe::multicast) + " receive /tmp/joined > /tmp/received & ";
    const std::string script = receive +
                               "i=0; while [ ! -e /tmp/joined ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; " +
                               sh_quote(probe::multicast) + " send && wait $! && cat /tmp/received";
    for (const auto& identity : {std::vector<std::string>{}, std::vector<std::string>{"--root"}}) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--", "sh", "-c", script});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "received\n") << r.describe();
    }
}

TEST(Network, ProcNetDevListsOnlyLoopback) {
    const RunResult r =
        run_isotest({"--", "sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "lo\n") << r.describe();
}

// /sys is mounted once init has entered the namespace its helper made (net.hpp): a sysfs shows
// the mounter's interfaces, so mounting it any earlier would list the host's.
TEST(Network, SysClassNetListsOnlyLoopback) {
    for (const char* mode : {"loopback", "none"}) {
        const RunResult r = run_isotest({"--net", mode, "--", "ls", "/sys/class/net"});
        ASSERT_EQ(r.exit_code, 0) << mode << "\n" << r.describe();
        EXPECT_EQ(r.out, "lo\n") << mode << "\n" << r.describe();
    }
}

// The namespace is owned by the sandbox's user namespace although a helper outside the
// sandbox made it: the sandbox's root may configure it (CAP_NET_ADMIN there), and the change
// stays inside.
TEST(Network, SandboxRootConfiguresItsOwnNetwork) {
    const RunResult r = run_isotest_sh({"--root"}, {"ip link set lo mtu 1280 && cat /sys/class/net/lo/mtu"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "1280\n") << r.describe();
    const RunResult again = run_isotest({"--", "cat", "/sys/class/net/lo/mtu"});
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(again.out, "65536\n") << again.describe();
}

TEST(Network, TwoSandboxesBindTheSamePortAtTheSameTime) {
    // The host holds the port too: neither sandbox may see that or the other one.
    HostLoopbackServer host;
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const auto holder = [&](const std::string& name) {
        RunRequest request;
        request.args = {"--rw", dir, "--", probe::listen_and_hold, host.port(),
                        dir + "/" + name + "-ready", dir + "/release"};
        return request;
    };
    RunningIsotest first(holder("first"));
    const bool first_ready = first.await_file(shared / "first-ready");
    RunningIsotest second(holder("second"));
    const bool second_ready = second.await_file(shared / "second-ready");
    // Both hold the port at this moment: neither is released before both said so.
    write_file(shared / "release", "");
    const RunResult first_result = first.wait();
    const RunResult second_result = second.wait();
    EXPECT_TRUE(first_ready) << first_result.describe();
    EXPECT_TRUE(second_ready) << second_result.describe();
    EXPECT_EQ(first_result.exit_code, 0) << first_result.describe();
    EXPECT_EQ(second_result.exit_code, 0) << second_result.describe();
}

TEST(Network, HostLoopbackServerIsUnreachable) {
    HostLoopbackServer host;
    const RunResult r = run_isotest({"--", probe::connect_tcp, "127.0.0.1", host.port()});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_EQ(r.out, "connect: Connection refused\n") << r.describe();
}

TEST(Network, NetHostReachesTheHostsLoopback) {
    HostLoopbackServer host;
    const RunResult connect =
        run_isotest({"--net", "host", "--", probe::connect_tcp, "127.0.0.1", host.port()});
    EXPECT_EQ(connect.exit_code, 0) << connect.describe();
    EXPECT_EQ(connect.out, "connected\n") << connect.describe();
    // And shares the host's ports: the one the host holds is taken.
    ScratchDir shared(persistent_temp_parent());
    const RunResult bind = run_isotest({"--net", "host", "--", probe::listen_and_hold, host.port(),
                                        (shared / "ready").string(), (shared / "release").string()});
    EXPECT_EQ(bind.exit_code, 1) << bind.describe();
    EXPECT_EQ(bind.out, "bind: Address already in use\n") << bind.describe();
}

TEST(Network, NetNoneLeavesNoUsableInterface) {
    const RunResult interfaces = run_isotest({"--net", "none", "--", probe::interfaces});
    ASSERT_EQ(interfaces.exit_code, 0) << interfaces.describe();
    for (const auto& line : lines_of(interfaces.out)) {
        EXPECT_FALSE(line.starts_with("link ") && line.ends_with(" up")) << interfaces.describe();
        EXPECT_FALSE(line.starts_with("addr ")) << interfaces.describe();
    }
    const RunResult connect = run_isotest({"--net", "none", "--", probe::connect_tcp, "127.0.0.1", "80"});
    EXPECT_EQ(connect.exit_code, 1) << connect.describe();
    EXPECT_TRUE(connect.out.starts_with("connect: ")) << connect.describe();
}

}  // namespace
}  // namespace itest
