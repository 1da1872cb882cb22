// Issue 6, faults: 300 isotest runs, 16 at a time, every one binding the same loopback port.
// Zero failures, zero clashes (each has its own network namespace), and zero leftovers:
// processes, namespaces, mounts, temporary files.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "host.hpp"
#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "scratch_dir.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

TEST(Parallel, ThreeHundredRunsSixteenAtATimeOnOnePort) {
    constexpr int kRuns = 300;
    constexpr int kAtOnce = 16;
    const std::string marker = unique_token();
    ScratchDir scratch;
    fs::create_directories(scratch / "tmpdir");
    const auto mounts_before = host_mounts();

    std::atomic<int> next{0}, completed{0};
    std::mutex failures_lock;
    std::vector<std::string> failures;
    std::vector<std::thread> workers;
    for (int worker = 0; worker < kAtOnce; ++worker) {
        workers.emplace_back([&] {
            for (int run; (run = next++) < kRuns;) {
                RunRequest request;
                // The marker rides along as an ignored argument so leftovers can be found.
                request.args = {"--", probe("hold_port"), "8080", marker};
                request.env["TMPDIR"] = (scratch / "tmpdir").string();
                const RunResult r = run_isotest(request);
                ++completed;
                if (r.exit_code != 0 || r.out != "ok\n") {
                    std::lock_guard<std::mutex> hold(failures_lock);
                    failures.push_back("run " + std::to_string(run) + ":\n" + r.describe());
                }
            }
        });
    }
    for (auto& worker : workers) worker.join();

    EXPECT_EQ(completed, kRuns);
    EXPECT_EQ(failures.size(), 0u) << (failures.empty() ? "" : failures.front());
    EXPECT_TRUE(test_processes_mentioning(marker).empty()) << "a test process outlived its isotest";
    // The last runs' inits may still be exiting (the kernel frees their namespaces after isotest
    // has its status): a leftover is what is still there after that.
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); }, std::chrono::seconds(10)));
    EXPECT_TRUE(eventually([&] { return namespaces_of_processes_mentioning(marker).empty(); }, std::chrono::seconds(10)));
    EXPECT_EQ(host_mounts(), mounts_before) << "the host's mount table changed";
    EXPECT_TRUE(fs::is_empty(scratch / "tmpdir")) << "temporary files left in TMPDIR";
}

}  // namespace
}  // namespace sectest
