// Issue 13.5: under --net loopback and --net none the test resolves localhost, ip6-localhost,
// ::1 and its own hostname without DNS (the sandbox's own /etc/hosts, read-only), in every
// view; a name from outside fails at once instead of waiting for a DNS timeout; --net host
// leaves the host's /etc/hosts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "etc_layer.hpp"
#include "isotest_run.hpp"
#include "paths.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

// The probe's line for `name` without its " (N ms)" timing, and the milliseconds.
struct Lookup {
    std::string result;
    long ms = -1;
};

Lookup lookup_of(const std::string& out, const std::string& name) {
    for (const std::string& line : lines_of(out)) {
        if (line.rfind(name + " ", 0) != 0) continue;
        const auto open = line.rfind(" (");
        if (open == std::string::npos) break;
        return {line.substr(0, open), std::stol(line.substr(open + 2))};
    }
    return {"<no line for " + name + ">", -1};
}

const std::vector<std::vector<std::string>> kViews = {
    {"--fs", "overlay"}, {"--fs", "readonly"}, {"--fs", "overlay", "--root"}, {"--fs", "readonly", "--root"}};

TEST(NameResolution, LoopbackNamesAndTheHostnameResolveFromFiles) {
    // glibc's getent: "hosts" asks gethostbyname2 (IPv6 first) or gethostbyaddr, "ahosts"
    // getaddrinfo; only the address column is compared.
    const std::string script =
        "getent ahosts localhost | cut -d' ' -f1 | sort -u | tr '\\n' ' '; echo; "
        "getent hosts ip6-localhost | cut -d' ' -f1; "
        "getent hosts ip6-loopback | cut -d' ' -f1; "
        "getent hosts ::1 | tr -s ' ' | cut -d' ' -f2; "
        "getent hosts \"$(hostname)\" | tr -s ' ' ; "
        "getent hosts localhost >/dev/null && echo localhost ok";
    for (const char* net : {"loopback", "none"}) {
        for (const auto& view : kViews) {
            std::vector<std::string> args = {"--net", net, "--hostname", "box"};
            args.insert(args.end(), view.begin(), view.end());
            args.insert(args.end(), {"--", "sh", "-c", script});
            const RunResult r = run_isotest(args);
            EXPECT_EQ(r.exit_code, 0) << r.describe();
            EXPECT_EQ(r.out,
                      "127.0.0.1 ::1 \n"
                      "::1\n"
                      "::1\n"
                      "localhost\n"
                      "127.0.1.1 box\n"
                      "localhost ok\n")
                << r.describe();
        }
    }
}

TEST(NameResolution, GetaddrinfoResolvesLoopbackNames) {
    for (const char* net : {"loopback", "none"}) {
        for (const auto& view : kViews) {
            std::vector<std::string> args = {"--net", net, "--hostname", "build-7.example.org"};
            args.insert(args.end(), view.begin(), view.end());
            args.insert(args.end(),
                        {"--", probe::resolve, "::1", "localhost", "ip6-localhost", "build-7.example.org", "build-7"});
            const RunResult r = run_isotest(args);
            ASSERT_EQ(r.exit_code, 0) << r.describe();
            EXPECT_EQ(lookup_of(r.out, "::1").result, "::1 ::1") << r.describe();
            EXPECT_EQ(lookup_of(r.out, "localhost").result, "localhost 127.0.0.1 ::1") << r.describe();
            EXPECT_EQ(lookup_of(r.out, "ip6-localhost").result, "ip6-localhost ::1") << r.describe();
            EXPECT_EQ(lookup_of(r.out, "build-7.example.org").result, "build-7.example.org 127.0.1.1") << r.describe();
            EXPECT_EQ(lookup_of(r.out, "build-7").result, "build-7 127.0.1.1") << r.describe();
        }
    }
}

// No DNS server is reachable inside (no route, or a loopback port nobody listens on): the lookup
// must fail at once, not after resolv.conf's timeouts (5 s per try by default).
TEST(NameResolution, OutsideNameFailsWithinASecond) {
    for (const char* net : {"loopback", "none"}) {
        const RunResult r = run_isotest({"--net", net, "--", "sh", "-c",
                                         std::string(probe::resolve) + " x.invalid isotest-nowhere.invalid; "
                                                                       "getent hosts x.invalid; echo getent $?"});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        for (const char* name : {"x.invalid", "isotest-nowhere.invalid"}) {
            const Lookup found = lookup_of(r.out, name);
            EXPECT_EQ(found.result.rfind(std::string(name) + " error: ", 0), 0u) << r.describe();
            EXPECT_GE(found.ms, 0) << r.describe();
            EXPECT_LT(found.ms, 1000) << r.describe();
        }
        EXPECT_NE(r.out.find("getent 2\n"), std::string::npos) << r.describe();
    }
}

TEST(NameResolution, TheSandboxsHostsFileIsReadOnly) {
    for (const auto& view : kViews) {
        std::vector<std::string> args = view;
        args.insert(args.end(), {"--", "sh", "-c", "echo '192.0.2.1 planted' >> /etc/hosts; getent hosts planted; echo $?"});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "2\n") << r.describe();
    }
}

// A host whose /etc/hosts is a symlink (a managed file, a container's) or missing: the sandbox's
// own file is mounted over the link itself (its target, read within the view, gives the host's
// entries) or over an empty stand-in, so localhost and the hostname resolve all the same and
// nothing is written through the link. /etc's top layer is set up by the wrapper (an overlay in
// its own mount namespace, a user namespace for an unprivileged invoker), as in
// NetworkAttempts.ASymlinkedOrMissingResolvConfStillAsksTheResponder.
TEST(NameResolution, ASymlinkedOrMissingHostsFileStillGivesTheLoopbackNames) {
    namespace fs = std::filesystem;
    constexpr const char* kTarget = "192.0.2.7 from-the-target.invalid\n";
    struct Shape {
        const char* name;
        const char* setup;  // in the layer's directory, which becomes /etc's top layer
        bool target_read;   // the link's target gives the host's entries
    };
    const std::vector<Shape> shapes = {
        {"relative symlink", "ln -s ../etc/managed/hosts hosts", true},
        {"absolute symlink", "ln -s /etc/managed/hosts hosts", true},
        {"dangling symlink", "ln -s ../run/isotest-no-such-dir/hosts hosts", false},
        {"symlink out of the view", "ln -s ../../../../proc/1/root/etc/passwd hosts", false},
        {"missing", "mknod hosts c 0 0", false},  // an overlay whiteout: the host's is hidden
    };
    for (const Shape& shape : shapes) {
        SCOPED_TRACE(shape.name);
        const EtcLayer etc("managed/hosts", kTarget);
        const fs::path layer = etc.path();
        RunRequest request;
        request.wrapper = etc.wrapper(shape.setup);
        request.args = {"--hostname", "sandbox-name", "--", "sh", "-c",
                        "getent hosts localhost sandbox-name; getent hosts from-the-target.invalid; echo \"getent $?\""};
        const RunResult r = run_isotest(request);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_NE(r.out.find("localhost"), std::string::npos) << r.describe();
        EXPECT_NE(r.out.find("sandbox-name"), std::string::npos) << r.describe();
        EXPECT_EQ(r.out.find("192.0.2.7") != std::string::npos, shape.target_read) << r.describe();
        EXPECT_NE(r.out.find(shape.target_read ? "getent 0\n" : "getent 2\n"), std::string::npos) << r.describe();
        // Nothing was written through the link, nor to it.
        EXPECT_EQ(read_file(layer / "managed" / "hosts"), kTarget);
        if (std::string(shape.name) != "missing") {
            EXPECT_TRUE(fs::is_symlink(layer / "hosts"));
        }
    }
}

TEST(NameResolution, HostNetworkKeepsTheHostsFile) {
    std::ifstream host_file("/etc/hosts");
    std::stringstream host;
    host << host_file.rdbuf();
    const RunResult r = run_isotest({"--net", "host", "--", "cat", "/etc/hosts"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, host.str()) << r.describe();
}

}  // namespace
}  // namespace itest
