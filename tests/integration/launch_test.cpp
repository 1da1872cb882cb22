// How isotest launches (init.hpp): view-first where it holds CAP_SYS_ADMIN over the host's
// mounts (root) — the view is assembled before the sandbox's user namespace is entered, with
// one overlay for the host root — and user-namespace-first otherwise (unprivileged, or root
// without CAP_SYS_ADMIN), where the host's mounts are locked and each top-level directory gets
// an overlay of its own. The test must see the same sandbox either way.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "invoker.hpp"
#include "isotest_run.hpp"
#include "paths.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

constexpr const char* kViewFirstStep = "user: join the sandbox's user namespace, lock the view";
constexpr const char* kUserNamespaceFirstStep = "user: uid/gid map";

// What the test sees of the launch: its uid, the type of its root, and whether a write to
// /usr succeeds (root's writes do, and vanish; an unprivileged user's cannot).
const std::string kProbe = "id -u; stat -f -c %T /; (echo x > /usr/isotest-launch-probe) 2>/dev/null && echo wrote || echo refused";

std::string expected_probe_output(const char* root_type) {
    return std::to_string(::getuid()) + "\n" + root_type + "\n" + (invoked_as_root() ? "wrote\n" : "refused\n");
}

TEST(Launch, ViewFirstWhereIsotestHoldsCapSysAdmin) {
    const RunResult r = run_isotest_sh({"-v"}, {kProbe});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    if (invoked_as_root()) {
        EXPECT_EQ(r.out, expected_probe_output("overlayfs")) << r.describe();
        EXPECT_TRUE(contains(r.err, kViewFirstStep)) << r.describe();
        EXPECT_FALSE(contains(r.err, kUserNamespaceFirstStep)) << r.describe();
    } else {
        EXPECT_EQ(r.out, expected_probe_output("tmpfs")) << r.describe();
        EXPECT_TRUE(contains(r.err, kUserNamespaceFirstStep)) << r.describe();
        EXPECT_FALSE(contains(r.err, kViewFirstStep)) << r.describe();
    }
    EXPECT_FALSE(fs::exists("/usr/isotest-launch-probe"));
}

// Root of a user namespace that maps every id, whose mounts came from a more privileged
// namespace (a container with a full id map): view-first, but the host root, with locked mounts
// below it, is refused as a lower layer, and the view is built per directory instead.
TEST(Launch, ViewFirstFallsBackToOneOverlayPerDirectoryWhereTheHostsMountsAreLocked) {
    RunRequest request;
    if (invoked_as_root()) request.wrapper = {probe::full_user_namespace};
    request.args = {"-v", "--", "sh", "-c", kProbe};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, expected_probe_output("tmpfs")) << r.describe();
    if (invoked_as_root()) {
        EXPECT_TRUE(contains(r.err, kViewFirstStep)) << r.describe();
        EXPECT_TRUE(contains(r.err, "whole-root overlay refused, one per directory instead")) << r.describe();
    } else {
        EXPECT_TRUE(contains(r.err, kUserNamespaceFirstStep)) << r.describe();
    }
    EXPECT_FALSE(fs::exists("/usr/isotest-launch-probe"));
}

TEST(Launch, RootWithoutCapSysAdminStartsFromAUserNamespace) {
    RunRequest request;
    // Root with CAP_SYS_ADMIN gone from every set, as in a container that drops it: the
    // sandbox's user namespace gives it back over the sandbox's own copy of the mounts.
    if (invoked_as_root()) request.wrapper = {"setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin"};
    request.args = {"-v", "--", "sh", "-c", kProbe};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, expected_probe_output("tmpfs")) << r.describe();
    EXPECT_TRUE(contains(r.err, kUserNamespaceFirstStep)) << r.describe();
    EXPECT_FALSE(contains(r.err, kViewFirstStep)) << r.describe();
    EXPECT_FALSE(fs::exists("/usr/isotest-launch-probe"));
}

}  // namespace
}  // namespace itest
