// Issue 6: no privilege gained or kept. no_new_privs is set, so a setuid binary runs without
// its owner's rights; whatever capabilities the test holds belong to its own user namespace,
// never the host's.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process.hpp>
#include <filesystem>
#include <fstream>

#include "host_ids.hpp"
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
namespace bp = boost::process;

// Who the test runs as: the invoker (root's test is root), root inside, and as root another host
// user (--uid); unprivileged with subordinate ids, root inside is a granted id (--map-subids).
std::vector<std::vector<std::string>> identities() {
    if (invoked_as_root()) return {{}, {"--root"}, {"--uid", "nobody"}};
    if (subordinate_ids_available()) return {{}, {"--root"}, {"--map-subids"}, {"--root", "--map-subids"}};
    return {{}, {"--root"}};
}

bool runs_as_nobody(const std::vector<std::string>& identity) {
    return std::find(identity.begin(), identity.end(), "--uid") != identity.end();
}

bool root_inside(const std::vector<std::string>& identity) {
    if (runs_as_nobody(identity)) return false;
    return invoked_as_root() || std::find(identity.begin(), identity.end(), "--root") != identity.end();
}

std::string status_field(const std::string& status, const std::string& field) {
    for (const auto& line : lines_of(status)) {
        if (line.rfind(field + ":", 0) == 0) {
            const auto value = line.find_first_not_of(" \t", field.size() + 1);
            return value == std::string::npos ? "" : line.substr(value);
        }
    }
    return "";
}

TEST(NoNewPrivs, IsSet) {
    for (const auto& identity : identities()) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--", "cat", "/proc/self/status"});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(status_field(r.out, "NoNewPrivs"), "1") << r.describe();
    }
}

// Root: a setuid-nobody copy of print_ids in a --rw directory (a host bind without nosuid,
// so only no_new_privs stands between the test and the owner's uid).
void expect_setuid_copy_keeps_root() {
    ScratchDir dir;
    const fs::path copy = dir / "print_ids";
    fs::copy_file(probe("print_ids"), copy);
    ASSERT_EQ(::chown(copy.c_str(), 65534, 65534), 0);
    ASSERT_EQ(::chmod(copy.c_str(), 04755), 0);
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    // On the host the bit works, so the check below can fail.
    bp::ipstream host_out;
    bp::child host_run(copy.string(), bp::std_out > host_out);
    std::string host_ids;
    std::getline(host_out, host_ids);
    host_run.wait();
    ASSERT_EQ(host_ids, "0 65534");

    const RunResult r = run_isotest({"--rw", dir.str(), "--", copy.string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "0 0\n") << r.describe();
}

// Anyone else: the host's setuid-root su, started and held at its password prompt, runs with
// the test's uid (the caller's, or nobody's with --uid) as its effective uid.
void expect_su_keeps_callers_uid(std::vector<std::string> identity) {
    const std::string su = fs::exists("/usr/bin/su") ? "/usr/bin/su" : "/bin/su";
    struct stat info {};
    ASSERT_EQ(::stat(su.c_str(), &info), 0) << su << " is needed for this test";
    ASSERT_TRUE((info.st_mode & S_ISUID) && info.st_uid == 0) << su << " is not setuid root on this host";
    const std::string script =
        "mkfifo /tmp/password && exec 3<>/tmp/password && " + su + " root -c true <&3 >/dev/null 2>&1 & pid=$!; "
        "i=0; until grep -q '^Name:.su$' /proc/$pid/status 2>/dev/null || [ $i -ge 1000 ]; do sleep 0.01; i=$((i+1)); done; "
        "grep -E '^(Name|Uid):' /proc/$pid/status; kill -9 $pid";
    identity.insert(identity.end(), {"--", "sh", "-c", script});
    const RunResult r = run_isotest(identity);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string uid = runs_as_nobody(identity) ? "65534" : std::to_string(::getuid());
    EXPECT_EQ(status_field(r.out, "Name"), "su") << r.describe();
    EXPECT_EQ(status_field(r.out, "Uid"), uid + "\t" + uid + "\t" + uid + "\t" + uid) << r.describe();
}

TEST(Setuid, BinaryDoesNotRaiseTheEffectiveUid) {
    if (invoked_as_root()) {
        expect_setuid_copy_keeps_root();
    } else {
        expect_su_keeps_callers_uid({});
    }
}

// The identities that put a non-root user inside where root exists too (--uid as root, a granted
// inside root with --map-subids): a setuid-root binary still runs as the test's user.
TEST(Setuid, RootBinaryDoesNotMakeAnotherUserRoot) {
    if (invoked_as_root()) {
        expect_su_keeps_callers_uid({"--uid", "nobody"});
    } else if (subordinate_ids_available()) {
        expect_su_keeps_callers_uid({"--map-subids"});
    } else {
        expect_su_keeps_callers_uid({});
    }
}

// Seen from the host: the test's capabilities (if any) are held in a user namespace of its
// own, CAP_SYS_ADMIN is out of its bounding set when it is root, and an unprivileged invoker's
// test has none at all unless --root gave it uid 0 inside.
TEST(Capabilities, AreNeverTheHosts) {
    const std::string host_user_ns = fs::read_symlink("/proc/self/ns/user").string();
    for (const auto& identity : identities()) {
        const std::string marker = unique_token();
        ScratchDir shared;
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--rw", shared.str(), "--", "sh", "-c",
                                 "touch " + sh_quote((shared / "ready").string()) + "; exec sleep 1000." + marker});
        RunRequest request;
        request.args = args;
        RunningIsotest running(request);
        // Only the sleep's own command line is exactly these two words.
        const std::string sleep_command_line = std::string("sleep") + '\0' + "1000." + marker + '\0';
        ASSERT_TRUE(eventually([&] { return processes_mentioning(sleep_command_line).size() == 1; }))
            << running.wait().describe();
        const pid_t test = processes_mentioning(sleep_command_line).front();
        const std::string status = read_file("/proc/" + std::to_string(test) + "/status");
        const std::string user_ns = fs::read_symlink("/proc/" + std::to_string(test) + "/ns/user").string();
        ::kill(running.pid(), SIGTERM);
        const RunResult r = running.wait();

        EXPECT_NE(user_ns, host_user_ns) << "the test runs in the host's user namespace";
        const std::string uid = runs_as_nobody(identity) ? "65534" : std::to_string(::getuid());
        EXPECT_EQ(status_field(status, "Uid"), uid + "\t" + uid + "\t" + uid + "\t" + uid) << status;
        const unsigned long long bounding = std::stoull(status_field(status, "CapBnd"), nullptr, 16);
        const unsigned long long effective = std::stoull(status_field(status, "CapEff"), nullptr, 16);
        const unsigned long long permitted = std::stoull(status_field(status, "CapPrm"), nullptr, 16);
        constexpr unsigned long long kSysAdmin = 1ull << 21;
        if (root_inside(identity)) {
            EXPECT_EQ(effective & kSysAdmin, 0u) << status;
            EXPECT_EQ(bounding & kSysAdmin, 0u) << status;
        } else {
            EXPECT_EQ(effective, 0u) << status;
            EXPECT_EQ(permitted, 0u) << status;
        }
    }
}

}  // namespace
}  // namespace sectest
