// Issue 2, point 6 (user): the invoker's uid/gid inside (--root: 0), setgroups denied,
// no_new_privs set, no capabilities for a non-root uid; the same as root and unprivileged.
// Issue 13, item 4 (identity): unprivileged, --map-subids maps the invoker's subordinate ids so
// that ids behave as on the host (EPERM, not EINVAL); as root, --uid/--gid/--groups run the test
// as another host user.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <sstream>

#include "host_ids.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "paths.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// identity_calls run on a file the test creates itself (owned by the test's user).
RunResult identity_calls(std::vector<std::string> options) {
    options.insert(options.end(), {"--", "sh", "-c", "touch /tmp/mine && exec \"$0\" /tmp/mine", probe::identity_calls});
    return run_isotest(options);
}

const std::string kRefusedAsOnTheHost = "chown-root EPERM\nsetgid-0 EPERM\nsetgroups EPERM\nsetuid-0 EPERM\n";
const std::string kUnmappedIds = "chown-root EINVAL\nsetgid-0 EINVAL\nsetgroups EPERM\nsetuid-0 EINVAL\n";

std::string status_line(const std::string& status, const std::string& field) {
    for (const auto& line : lines_of(status)) {
        if (line.rfind(field + ":", 0) == 0) return line;
    }
    return "";
}

TEST(User, IdsAreTheInvokers) {
    const RunResult r = run_isotest({"--", "sh", "-c", "id -u; id -g"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, std::to_string(::getuid()) + "\n" + std::to_string(::getgid()) + "\n")
        << r.describe();
}

TEST(User, RootOptionGivesUidAndGidZero) {
    const RunResult r = run_isotest({"--root", "--", "sh", "-c", "id -u; id -g"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "0\n0\n") << r.describe();
}

TEST(User, SetgroupsIsDenied) {
    for (const auto& args : {std::vector<std::string>{"--", "cat", "/proc/self/setgroups"},
                             std::vector<std::string>{"--root", "--", "cat", "/proc/self/setgroups"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "deny\n") << r.describe();
    }
}

TEST(User, NoNewPrivsIsSet) {
    for (const auto& args :
         {std::vector<std::string>{"--", "grep", "^NoNewPrivs:", "/proc/self/status"},
          std::vector<std::string>{"--root", "--", "grep", "^NoNewPrivs:", "/proc/self/status"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "NoNewPrivs:\t1\n") << r.describe();
    }
}

TEST(User, NonRootUidHasNoCapabilities) {
    const RunResult r = run_isotest({"--", "grep", "^Cap\\(Inh\\|Prm\\|Eff\\|Amb\\):", "/proc/self/status"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    if (invoked_as_root()) {
        // Root keeps uid 0 inside, so there is no non-root uid to look at; the next test shows
        // what matters for root: its capabilities do not reach the host.
        EXPECT_TRUE(r.out.starts_with("CapInh:\t")) << r.describe();
    } else {
        EXPECT_EQ(r.out,
                  "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
                  "CapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n")
            << r.describe();
    }
}

TEST(User, CapabilitiesDoNotReachTheHost) {
    // Raising priority needs CAP_SYS_NICE in the host's user namespace; harmless if it worked.
    for (const auto& args : {std::vector<std::string>{"--", "nice", "-n", "-5", "true"},
                             std::vector<std::string>{"--root", "--", "nice", "-n", "-5", "true"}}) {
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "cannot set niceness")) << r.describe();
    }
}

// Root: --uid nobody is an ordinary user of the host; unprivileged with --map-subids, inside id 0
// is one of the invoker's subordinate ids. Either way root exists and the attempts fail for want
// of privilege, as on the host.
TEST(Identity, ChownToRootAndSetuidZeroAreRefusedAsOnTheHost) {
    if (invoked_as_root()) {
        const RunResult r = identity_calls({"--uid", "nobody"});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, kRefusedAsOnTheHost) << r.describe();
    } else if (subordinate_ids_available()) {
        const RunResult r = identity_calls({"--map-subids"});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, kRefusedAsOnTheHost) << r.describe();
    } else {
        // Asked for and impossible here: one line saying what is missing, and no run.
        const RunResult r = identity_calls({"--map-subids"});
        EXPECT_EQ(r.exit_code, 125) << r.describe();
        EXPECT_TRUE(r.err.starts_with("isotest: error: --map-subids: ")) << r.describe();
        EXPECT_EQ(lines_of(r.err).size(), 1u) << r.describe();
    }
}

// The documented fallback: unprivileged, only the invoker's ids exist inside, so root's id is
// not one the kernel can express (EINVAL). Root maps every id: its test, root inside, may.
TEST(Identity, WithoutSubordinateIdsUnmappedIdsAreInvalid) {
    const RunResult r = identity_calls({});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    if (invoked_as_root()) {
        EXPECT_EQ(r.out, "chown-root ok\nsetgid-0 ok\nsetgroups EPERM\nsetuid-0 ok\n") << r.describe();
    } else {
        EXPECT_EQ(r.out, kUnmappedIds) << r.describe();
    }
}

// The map newuidmap wrote: the invoker's own id as itself, the grant around it from inside id 0
// up; setgroups stays denied. Root maps every id and needs none of it (the option is ignored).
TEST(Identity, MapSubidsMapsTheGrantAroundTheInvokersId) {
    const RunResult r = run_isotest({"--map-subids", "--", "sh", "-c", "id -u; cat /proc/self/uid_map /proc/self/setgroups"});
    ASSERT_EQ(r.exit_code, invoked_as_root() || subordinate_ids_available() ? 0 : 125) << r.describe();
    if (r.exit_code != 0) return;  // the line saying why is checked above
    const auto lines = lines_of(r.out);
    ASSERT_GE(lines.size(), 3u) << r.describe();
    EXPECT_EQ(lines.front(), std::to_string(::getuid())) << r.describe();
    EXPECT_EQ(lines.back(), "deny") << r.describe();
    std::string map;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        std::istringstream fields(lines[i]);
        unsigned long inside = 0, outside = 0, count = 0;
        fields >> inside >> outside >> count;
        map += std::to_string(inside) + " " + std::to_string(outside) + " " + std::to_string(count) + "\n";
    }
    if (invoked_as_root()) {
        EXPECT_EQ(map, "0 0 4294967295\n") << r.describe();
        return;
    }
    const Grant grant = *first_grant("/etc/subuid");
    const unsigned long uid = ::getuid();
    ASSERT_GT(grant.count, uid) << "the check below assumes a grant larger than uid " << uid;
    EXPECT_TRUE(map.starts_with("0 " + std::to_string(grant.start) + " " + std::to_string(uid) + "\n" +
                                std::to_string(uid) + " " + std::to_string(uid) + " 1\n" + std::to_string(uid + 1) +
                                " " + std::to_string(grant.start + uid) + " " + std::to_string(grant.count - uid) + "\n"))
        << map;
}

// --root --map-subids: uid 1 inside is the first subordinate id on the host, for real: a file the
// test hands to uid 1 in a --rw directory is owned by it there.
TEST(Identity, RootInsideHandsFilesToSubordinateIds) {
    if (invoked_as_root() || !subordinate_ids_available()) {
        // Root maps every id onto itself: uid 1 inside is uid 1 on the host.
        ScratchDir dir;
        const RunResult r = run_isotest({"--root", "--rw", dir.str(), "--", "sh", "-c",
                                         "touch \"$0/given\" && chown 1:1 \"$0/given\"", dir.str()});
        if (!invoked_as_root()) {
            // Unprivileged without subordinate ids, uid 1 does not exist inside.
            EXPECT_NE(r.exit_code, 0) << r.describe();
            EXPECT_TRUE(contains(r.err, "Invalid argument")) << r.describe();
            return;
        }
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        struct stat info {};
        ASSERT_EQ(::stat((dir / "given").c_str(), &info), 0);
        EXPECT_EQ(info.st_uid, 1u);
        return;
    }
    ScratchDir dir;
    const RunResult r = run_isotest({"--root", "--map-subids", "--rw", dir.str(), "--", "sh", "-c",
                                     "touch \"$0/given\" \"$0/kept\" && chown 1:1 \"$0/given\"", dir.str()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    struct stat given {}, kept {};
    ASSERT_EQ(::stat((dir / "given").c_str(), &given), 0);
    ASSERT_EQ(::stat((dir / "kept").c_str(), &kept), 0);
    EXPECT_EQ(given.st_uid, first_grant("/etc/subuid")->start);
    EXPECT_EQ(given.st_gid, first_grant("/etc/subgid")->start);
    EXPECT_EQ(kept.st_uid, ::getuid());  // root inside is the invoker
}

// --uid as root: the test runs as that host user, its groups the ones asked for, with no
// capability left and no_new_privs set. Unprivileged, --uid is refused in one line.
TEST(RunAs, UidGidAndGroupsAreTheTestsIds) {
    const RunResult r = run_isotest({"--uid", "nobody", "--groups", "nogroup,7", "--", "cat", "/proc/self/status"});
    if (!invoked_as_root()) {
        EXPECT_EQ(r.exit_code, 125) << r.describe();
        EXPECT_EQ(r.err, "isotest: error: --uid, --gid and --groups run the test as another host user, which needs isotest to "
                         "run as root (unprivileged, the test runs as you, or as uid 0 inside with --root)\n")
            << r.describe();
        return;
    }
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(status_line(r.out, "Uid"), "Uid:\t65534\t65534\t65534\t65534") << r.out;
    EXPECT_EQ(status_line(r.out, "Gid"), "Gid:\t65534\t65534\t65534\t65534") << r.out;
    EXPECT_EQ(status_line(r.out, "Groups"), "Groups:\t7 65534 ") << r.out;
    for (const char* set : {"CapInh", "CapPrm", "CapEff", "CapAmb"}) {
        EXPECT_EQ(status_line(r.out, set), std::string(set) + ":\t0000000000000000") << r.out;
    }
    EXPECT_EQ(status_line(r.out, "NoNewPrivs"), "NoNewPrivs:\t1") << r.out;
}

// Without --groups: the user's groups as a login gets them, not root's — what the host's own
// `id -G USER` says, by name or by number. Unprivileged, --uid is refused even naming yourself.
TEST(RunAs, DefaultGroupsAreTheUsersOwn) {
    if (!invoked_as_root()) {
        const RunResult r = run_isotest({"--uid", std::to_string(::getuid()), "--", "id", "-G"});
        EXPECT_EQ(r.exit_code, 125) << r.describe();
        EXPECT_TRUE(r.err.starts_with("isotest: error: --uid, --gid and --groups run the test as another host user")) << r.describe();
        return;
    }
    for (const char* user : {"nobody", "65534", "daemon", "1", "bin"}) {
        RunRequest host_id;
        host_id.program = "id";
        host_id.args = {"-G", user};
        const RunResult expected = run_isotest(host_id);
        ASSERT_EQ(expected.exit_code, 0) << expected.describe();
        const RunResult r = run_isotest({"--uid", user, "--", "id", "-G"});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, expected.out) << r.describe();
    }
}

// A suite that refuses to run as root (as many do) runs as root's CI with --uid.
TEST(RunAs, ASuiteThatRefusesRootRunsWithUid) {
    const std::vector<std::string> suite = {"sh", "-c", "[ \"$(id -u)\" -ne 0 ] || { echo 'do not run me as root' >&2; exit 1; }"};
    std::vector<std::string> plain = {"--"}, as_nobody = {"--uid", "nobody", "--"};
    plain.insert(plain.end(), suite.begin(), suite.end());
    as_nobody.insert(as_nobody.end(), suite.begin(), suite.end());
    const RunResult refused = run_isotest(plain);
    const RunResult passed = run_isotest(as_nobody);
    if (invoked_as_root()) {
        EXPECT_EQ(refused.exit_code, 1) << refused.describe();
        EXPECT_EQ(passed.exit_code, 0) << passed.describe();
    } else {
        EXPECT_EQ(refused.exit_code, 0) << refused.describe();  // not root to begin with
        EXPECT_EQ(passed.exit_code, 125) << passed.describe();
    }
}

// What the test writes in a --rw directory belongs to the test's user on the host: --uid's as
// root, the invoker's otherwise.
TEST(RunAs, FilesWrittenInRwPathsBelongToTheTestsUser) {
    ScratchDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
    std::vector<std::string> args;
    if (invoked_as_root()) args = {"--uid", "nobody"};
    args.insert(args.end(), {"--rw", dir.str(), "--", "touch", (dir / "written").string()});
    const RunResult r = run_isotest(args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    struct stat info {};
    ASSERT_EQ(::stat((dir / "written").c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, invoked_as_root() ? 65534u : ::getuid());
    EXPECT_EQ(info.st_gid, invoked_as_root() ? 65534u : ::getgid());
}

}  // namespace
}  // namespace itest
