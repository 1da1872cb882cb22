// Issue 6, faults: tests that misuse their streams. A grandchild left holding stdout/stderr,
// a test that closes stdout early, one that never reads its stdin, and floods of output:
// isotest passes every byte through, returns when the test is done, and never hangs. (The
// harness's limit is generous: it only tells a hang from a return, never measures speed.)
#include <gtest/gtest.h>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"

namespace sectest {
using namespace testsupport;

namespace {

// Passing through the caller's descriptors, and capturing for a report: both paths.
std::vector<std::vector<std::string>> output_modes(const ScratchDir& scratch) {
    return {{}, {"--junit", (scratch / "report.xml").string()}};
}

TEST(Output, AGrandchildHoldingStdoutDoesNotKeepIsotestWaiting) {
    ScratchDir scratch;
    for (const auto& mode : output_modes(scratch)) {
        const std::string marker = unique_token();
        const RunResult r = run_isotest_sh(mode, {"( setsid sleep 1000." + marker + " & ); ( sleep 1001." + marker + " >&2 & ); echo done; exit 4"});
        EXPECT_FALSE(r.hit_limit) << r.describe();
        EXPECT_EQ(r.exit_code, 4) << r.describe();
        EXPECT_EQ(r.out, "done\n") << r.describe();
        EXPECT_TRUE(test_processes_mentioning(marker).empty()) << r.describe();
    }
}

TEST(Output, ATestThatClosesStdoutEarlyStillEndsNormally) {
    ScratchDir scratch;
    for (const auto& mode : output_modes(scratch)) {
        const RunResult r = run_isotest_sh(mode, {"echo before; exec >&-; sleep 0.2; echo after-close >&2; exit 5"});
        EXPECT_EQ(r.exit_code, 5) << r.describe();
        EXPECT_EQ(r.out, "before\n") << r.describe();
        EXPECT_EQ(r.err, "after-close\n") << r.describe();
    }
}

TEST(Output, ATestThatNeverReadsStdinDoesNotBlockIsotest) {
    ScratchDir scratch;
    for (const auto& mode : output_modes(scratch)) {
        // A pipe nobody ever writes to or closes while the run lasts.
        RunRequest held;
        held.args = mode;
        held.args.insert(held.args.end(), {"--", "sh", "-c", "sleep 0.1; echo ignored stdin"});
        held.stdin_kind = StdinKind::held_open;
        const RunResult r = run_isotest(held);
        EXPECT_FALSE(r.hit_limit) << r.describe();
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "ignored stdin\n") << r.describe();

        // A full pipe of input left unread.
        RunRequest unread = held;
        unread.stdin_kind = StdinKind::data;
        unread.stdin_data = std::string(60000, 'i');
        const RunResult u = run_isotest(unread);
        EXPECT_EQ(u.exit_code, 0) << u.describe();
        EXPECT_EQ(u.out, "ignored stdin\n") << u.describe();
    }
}

TEST(Output, FloodsOfStderrAndStdoutPassThroughWhole) {
    ScratchDir scratch;
    constexpr std::size_t kMiB = 1 << 20;
    for (const auto& mode : output_modes(scratch)) {
        // 24 MiB on stderr and 8 MiB on stdout at the same time, so neither stream may wait for
        // the other.
        const RunResult r = run_isotest_sh(
            mode, {"head -c 25165824 /dev/zero | tr '\\0' e >&2 & head -c 8388608 /dev/zero | tr '\\0' o; wait"});
        ASSERT_EQ(r.exit_code, 0) << r.describe().substr(0, 2000);
        EXPECT_EQ(r.err.size(), 24 * kMiB);
        EXPECT_EQ(r.err.find_first_not_of('e'), std::string::npos);
        EXPECT_EQ(r.out.size(), 8 * kMiB);
        EXPECT_EQ(r.out.find_first_not_of('o'), std::string::npos);
        if (!mode.empty()) {
            // The report keeps at most --max-report-output (1 MiB) of each stream.
            const std::string xml = read_file(scratch / "report.xml");
            EXPECT_LT(xml.size(), 3 * kMiB);
            EXPECT_GT(xml.size(), kMiB);
        }
    }
}

}  // namespace
}  // namespace sectest
