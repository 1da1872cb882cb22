// Issue 2, points 6 and 8: a machine that forbids user namespaces gets a clear one-line error
// naming the blocker (and doctor fails), and isotest nests inside other sandboxes.
// unshare(1) sets the scene: root of a user namespace may lower user.max_user_namespaces for
// everything below it, which is exactly what a host with that sysctl at 0 looks like.
#include <gtest/gtest.h>
#include <unistd.h>

#include "expectations.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

const std::vector<std::string> with_user_namespaces_disabled = {
    "unshare", "--user", "--map-root-user", "sh", "-c",
    "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"", "sh"};

TEST(Restrictions, DisabledUserNamespacesAreNamedInOneLine) {
    RunRequest request;
    request.wrapper = with_user_namespaces_disabled;
    request.args = {"--", "true"};
    expect_one_line_error(run_isotest(request), "max_user_namespaces");
}

// The network namespace is made by isotest's namespace helper, in parallel with the mounts
// (ns_helper.hpp): its failure still ends the run with one line naming the limit, in either
// launch — view-first (root of the wrapper's namespace) and user-namespace-first (the same
// root without CAP_SYS_ADMIN) — and --net host, which needs no network namespace, still runs.
TEST(Restrictions, NetworkNamespaceLimitIsNamedInOneLine) {
    const std::string no_network_namespaces = "echo 0 > /proc/sys/user/max_net_namespaces && exec \"$@\"";
    const std::vector<std::vector<std::string>> launches = {
        {}, {"setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin"}};
    for (const auto& launch : launches) {
        RunRequest request;
        request.wrapper = {"unshare", "--user", "--map-root-user", "sh", "-c", no_network_namespaces, "sh"};
        request.wrapper.insert(request.wrapper.end(), launch.begin(), launch.end());
        request.args = {"--", "true"};
        expect_one_line_error(run_isotest(request), "max_user_namespaces and friends");
        request.args = {"--net", "host", "--", "echo", "ran"};
        const RunResult host = run_isotest(request);
        EXPECT_EQ(host.exit_code, 0) << host.describe();
        EXPECT_EQ(host.out, "ran\n") << host.describe();
    }
}

TEST(Restrictions, DoctorFailsAndNamesTheBlocker) {
    RunRequest request;
    request.wrapper = with_user_namespaces_disabled;
    request.args = {"doctor"};
    const RunResult r = run_isotest(request);
    EXPECT_FALSE(r.hit_limit) << r.describe();
    EXPECT_EQ(r.killed_by_signal, 0) << r.describe();
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.out + r.err, "max_user_namespaces")) << r.describe();
}

TEST(Nesting, WorksAsRootOfAUserNamespaceThatMapsOneId) {
    // A rootless container: uid 0 inside a namespace that maps nothing else.
    RunRequest request;
    request.wrapper = {"unshare", "--user", "--map-root-user"};
    request.args = {"--", "sh", "-c", "id -u; hostname; ls /proc | grep -c '^[0-9]'"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 3u) << r.describe();
    EXPECT_EQ(lines[0], "0") << r.describe();
    EXPECT_EQ(lines[1], "localhost") << r.describe();
    EXPECT_LE(std::stoi(lines[2]), 5) << r.describe();
}

TEST(Nesting, InsideBubblewrapRunsOrNamesTheMaskedProc) {
    RunRequest request;
    request.wrapper = {"bwrap", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"};
    request.args = {"--hostname", "nested", "--", "sh", "-c", "id -u; hostname; echo $$"};
    const RunResult r = run_isotest(request);
    // bwrap run by root covers the writable parts of its /proc (/proc/sys, ...) with read-only
    // binds. Made in bwrap's own mount namespace they are not locked there, and isotest, root
    // of bwrap's user namespace, builds its view from that namespace (the view-first launch):
    // the kernel allows a fresh /proc where no locked mount masks the existing one.
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, std::to_string(::getuid()) + "\nnested\n2\n") << r.describe();
}

TEST(Restrictions, MaskedProcIsNamedInOneLine) {
    // What Docker does to /proc without --privileged: something mounted over part of it, by a
    // more privileged namespace, so that the mask is locked where isotest runs.
    RunRequest request;
    request.wrapper = {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                       "mount -t tmpfs none /proc/sys && exec unshare --user --map-root-user --mount \"$@\"", "sh"};
    request.args = {"--", "true"};
    expect_one_line_error(run_isotest(request), "/proc");
}

}  // namespace
}  // namespace itest
