// Issue 6: a test reaches neither a service on the host's loopback nor any of the host's
// own non-loopback addresses (connections stay on this machine; no external address is used).
#include <gtest/gtest.h>

#include "host.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

const std::vector<std::vector<std::string>> kModes = {{}, {"--root"}, {"--net", "none"}};

TEST(Network, HostLoopbackServiceIsUnreachable) {
    TcpListener server("127.0.0.1");
    for (const auto& mode : kModes) {
        std::vector<std::string> args = mode;
        args.insert(args.end(), {"--", probe("connect_tcp"), "127.0.0.1", std::to_string(server.port())});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.out, "refused: ")) << r.describe();
        EXPECT_EQ(server.accept_pending(), 0) << "the host's server accepted a connection\n" << r.describe();
    }
    // The probe does connect where nothing isolates it, so the checks above can fail.
    const RunResult shared = run_isotest({"--net", "host", "--", probe("connect_tcp"), "127.0.0.1", std::to_string(server.port())});
    EXPECT_EQ(shared.out, "connected\n") << shared.describe();
    EXPECT_EQ(server.accept_pending(), 1);
}

TEST(Network, HostsOwnAddressesAreUnreachable) {
    TcpListener server("0.0.0.0");
    std::vector<std::string> addresses = non_loopback_ipv4_addresses();
    addresses.push_back("127.0.0.1");
    for (const auto& address : addresses) {
        for (const auto& mode : kModes) {
            std::vector<std::string> args = mode;
            args.insert(args.end(), {"--", probe("connect_tcp"), address, std::to_string(server.port())});
            const RunResult r = run_isotest(args);
            EXPECT_EQ(r.exit_code, 0) << address << "\n" << r.describe();
            EXPECT_TRUE(contains(r.out, "refused: ")) << address << "\n" << r.describe();
            EXPECT_EQ(server.accept_pending(), 0) << address << " reached the host\n" << r.describe();
        }
    }
}

}  // namespace
}  // namespace sectest
