// Issue 2, point 7: stdout, stderr and stdin pass through unchanged and unbuffered.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "isotest_run.hpp"
#include "paths.hpp"
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

// With --junit isotest sits in the stream: to a caller's pipe it hands the output on with
// tee(2), to a file or terminal it writes it; either way byte for byte, more than the capture
// keeps (the report keeps 1 MiB per stream by default).
TEST(Passthrough, WithAReportOutputIsByteForByteToPipesAndToFiles) {
    ScratchDir scratch(persistent_temp_parent());
    const std::string out_data = binary_data(3 << 20, 4);
    const std::string err_data = binary_data(2 << 20, 5);
    write_file(scratch / "out.bin", out_data);
    write_file(scratch / "err.bin", err_data);
    const std::vector<std::string> args = {
        "--junit", (scratch / "report.xml").string(), "--", "sh", "-c",
        "cat " + sh_quote((scratch / "out.bin").string()) + " & cat " + sh_quote((scratch / "err.bin").string()) +
            " >&2; wait"};

    const RunResult piped = run_isotest(args);
    ASSERT_EQ(piped.exit_code, 0) << piped.describe();
    EXPECT_TRUE(piped.out == out_data) << "stdout through a pipe differs (" << piped.out.size() << " bytes)";
    EXPECT_TRUE(piped.err == err_data) << "stderr through a pipe differs (" << piped.err.size() << " bytes)";

    RunRequest to_files;
    to_files.args = args;
    to_files.wrapper = {"sh", "-c",
                        "exec \"$@\" > " + sh_quote((scratch / "got.out").string()) + " 2> " +
                            sh_quote((scratch / "got.err").string()),
                        "sh"};
    const RunResult filed = run_isotest(to_files);
    ASSERT_EQ(filed.exit_code, 0) << filed.describe();
    EXPECT_TRUE(read_file(scratch / "got.out") == out_data) << "stdout into a file differs";
    EXPECT_TRUE(read_file(scratch / "got.err") == err_data) << "stderr into a file differs";

    // A pipe someone made non-blocking fills up faster than we read it: isotest waits, loses nothing.
    RunRequest nonblocking;
    nonblocking.args = args;
    nonblocking.wrapper = {probe::nonblocking_stdout};
    const RunResult waited = run_isotest(nonblocking);
    ASSERT_EQ(waited.exit_code, 0) << waited.describe();
    EXPECT_TRUE(waited.out == out_data) << "stdout through a non-blocking pipe differs (" << waited.out.size() << " bytes)";
}

// `2>&1` (CTest's one pipe, Bazel's test.log, `make check > log 2>&1`): the test's stdout and
// stderr writes arrive in the order it made them, as bare, relayed into a file or captured for a
// report; the report's system-out holds both, in that order.
TEST(Passthrough, MergedStdoutAndStderrKeepTheirOrder) {
    ScratchDir scratch(persistent_temp_parent());
    const std::string script = "i=0; while [ $i -lt 2000 ]; do echo out $i; echo err $i >&2; i=$((i+1)); done";
    std::string expected;
    for (int i = 0; i < 2000; ++i) expected += "out " + std::to_string(i) + "\nerr " + std::to_string(i) + "\n";
    const std::string log = (scratch / "log").string();
    const std::string report = (scratch / "report.xml").string();
    const std::vector<std::vector<std::string>> option_sets = {{}, {"--junit", report, "--report-details"}};
    for (const auto& options : option_sets) {
        for (const bool into_file : {true, false}) {
            RunRequest request;
            request.args = options;
            request.args.insert(request.args.end(), {"--", "sh", "-c", script});
            request.wrapper = {"sh", "-c", into_file ? "exec \"$@\" > " + sh_quote(log) + " 2>&1" : "exec \"$@\" 2>&1",
                               "sh"};
            const RunResult r = run_isotest(request);
            const std::string where = std::string(into_file ? "into a file" : "into a pipe") +
                                      (options.empty() ? "" : ", with a report");
            ASSERT_EQ(r.exit_code, 0) << where << ": " << r.describe();
            const std::string got = into_file ? read_file(log) : r.out;
            EXPECT_TRUE(got == expected) << where << ": the order changed; first 200 bytes:\n" << got.substr(0, 200);
            if (options.empty()) continue;
            const std::string xml = read_file(report);
            EXPECT_TRUE(contains(xml, expected)) << where << ": system-out does not hold both streams in order";
            EXPECT_EQ(junit_property(xml, "isotest.stderr"),
                      "in stdout: the caller gave stdout and stderr as one stream")
                << where;
            EXPECT_EQ(junit_property(xml, "isotest.stderr_bytes"), "(absent)") << where;
        }
    }
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
