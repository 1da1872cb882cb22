// Issue 2, point 7: stdout, stderr and stdin pass through unchanged and unbuffered.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

// Every byte value (NUL, invalid UTF-8, escape codes), then SIZE random bytes.
std::string binary_data(size_t size, unsigned seed) {
    std::string data;
    for (int round = 0; round < 2; ++round) {
        for (int value = 0; value < 256; ++value) data.push_back(static_cast<char>(value));
    }
    std::mt19937 random(seed);
    for (size_t i = 0; i < size; ++i) data.push_back(static_cast<char>(random() & 0xff));
    return data;
}

TEST(Passthrough, StdoutAndStderrAreByteForByteAndSeparate) {
    ScratchDir scratch(persistent_temp_parent());
    const std::string out_data = binary_data(1 << 20, 1);
    const std::string err_data = binary_data(100000, 2);
    write_file(scratch / "out.bin", out_data);
    write_file(scratch / "err.bin", err_data);
    const RunResult r = run_isotest({"--", "sh", "-c",
                                     "cat " + sh_quote((scratch / "out.bin").string()) + "; cat " +
                                         sh_quote((scratch / "err.bin").string()) + " >&2"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out.size(), out_data.size());
    EXPECT_TRUE(r.out == out_data) << "stdout differs from what the test wrote";
    EXPECT_EQ(r.err.size(), err_data.size());
    EXPECT_TRUE(r.err == err_data) << "stderr differs from what the test wrote";
}

TEST(Passthrough, StdinReachesTheTest) {
    const std::string data = binary_data(30000, 3);
    RunRequest request;
    request.args = {"--", "cat"};
    request.stdin_kind = StdinKind::data;
    request.stdin_data = data;
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out.size(), data.size());
    EXPECT_TRUE(r.out == data) << "stdout differs from the stdin we gave";
}

TEST(Passthrough, OutputArrivesWhileTheTestStillRuns) {
    ScratchDir shared(persistent_temp_parent());
    const std::string release = (shared / "release").string();
    const std::string script = "echo first; echo first-err >&2; while [ ! -e " +
                               sh_quote(release) + " ]; do sleep 0.02; done; echo second";
    RunRequest request;
    request.args = {"--rw", shared.path().string(), "--", "sh", "-c", script};
    RunningIsotest running(request);
    // The test is blocked until we release it, so "first" can only have come through unbuffered.
    const auto output_arrived = [&] {
        return running.stdout_so_far() == "first\n" && running.stderr_so_far() == "first-err\n";
    };
    eventually([&] { return output_arrived() || running.finished(); });
    const bool arrived = output_arrived() && !running.finished();
    write_file(release, "");
    const RunResult r = running.wait();
    EXPECT_TRUE(arrived) << r.describe();
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "first\nsecond\n") << r.describe();
    EXPECT_EQ(r.err, "first-err\n") << r.describe();
}

}  // namespace
}  // namespace itest
