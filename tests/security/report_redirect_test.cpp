// Issue 6: the host-side writes isotest makes for a test — its --junit report — must not be
// steerable by the test. A test that owns the report's directory (it lies in a --rw path) can
// swap that directory for a symlink while it runs; the report must still not land outside.
#include <gtest/gtest.h>

#include <filesystem>

#include "isotest_run.hpp"
#include "tree.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

TEST(ReportPath, CannotBeRedirectedOutsideByTheTest) {
    // Removed and replaced, or renamed away and replaced: either way the path now leads outside.
    for (const std::string swap : {"rm -rf \"$0/reports\"", "mv \"$0/reports\" \"$0/moved\""}) {
        EscapeTree tree;
        fs::create_directory(fs::path(tree.rw()) / "reports");
        const auto before = tree.snapshot_outside();
        const RunResult r = run_isotest({"--rw", tree.rw(), "--junit", tree.rw() + "/reports/results", "--", "sh", "-c",
                                         swap + " && ln -s \"$1\" \"$0/reports\"; echo '* * * * * root evil'",
                                         tree.rw(), tree.outside()});
        EXPECT_EQ(differences(before, tree.snapshot_outside()), "") << "the report landed outside --rw\n" << r.describe();
        // Written where the directory was, or refused with isotest's own error; nothing else.
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 125) << r.describe();
    }
}

}  // namespace
}  // namespace sectest
