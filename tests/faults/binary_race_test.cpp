// Issue 6, faults: the test's executable is replaced or deleted while isotest sets up. Each
// run either runs one whole version or fails cleanly (126/127, one line), never crashes or
// hangs.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

void install(const fs::path& path, const std::string& version) {
    const fs::path temporary = path.string() + ".new";
    write_file(temporary, "#!/bin/sh\necho " + version + "\n");
    fs::permissions(temporary, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
    fs::rename(temporary, path);
}

TEST(BinaryRace, ReplacedOrDeletedDuringSetup) {
    ScratchDir dir;
    const fs::path test = dir / "the-test";
    install(test, "A");
    std::atomic<bool> stop{false};
    // Swaps versions and deletes the file for a moment, as fast as it can.
    std::thread swapper([&] {
        for (unsigned i = 0; !stop; ++i) {
            install(test, i % 2 ? "A" : "B");
            if (i % 3 == 0) {
                std::error_code ignored;
                fs::remove(test, ignored);
                std::this_thread::yield();
            }
        }
    });
    int ran = 0, refused = 0;
    for (int run = 0; run < 40; ++run) {
        const RunResult r = run_isotest({"--", test.string()});
        EXPECT_FALSE(r.hit_limit) << r.describe();
        EXPECT_EQ(r.killed_by_signal, 0) << r.describe();
        if (r.exit_code == 0) {
            EXPECT_TRUE(r.out == "A\n" || r.out == "B\n") << r.describe();
            ++ran;
        } else if (r.exit_code == 2) {
            // The interpreter started, then the script was gone: the test's own outcome, as it
            // would be without isotest.
            EXPECT_TRUE(contains(r.err, "cannot open")) << r.describe();
            ++ran;
        } else {
            EXPECT_TRUE(r.exit_code == 126 || r.exit_code == 127) << r.describe();
            EXPECT_EQ(lines_of(r.err).size(), 1u) << r.describe();
            EXPECT_EQ(r.err.rfind("isotest: error: ", 0), 0u) << r.describe();
            ++refused;
        }
    }
    stop = true;
    swapper.join();
    // Both outcomes are fine; the point is that each run was one or the other.
    EXPECT_EQ(ran + refused, 40);
}

}  // namespace
}  // namespace sectest
