// Issue 6: memory and processes bounded as a whole, not per process. Where a cgroup can be
// created (a writable v1 hierarchy as root, a delegated v2 cgroup), --memory caps what the test
// pins as well as what it maps — tmpfs pages, a tmpfs of a nested namespace — and --max-procs
// caps root's processes too (RLIMIT_NPROC does not bind host root). Where none can be, the
// rlimits stand alone and the report says so. Cgroups never outlive the run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <filesystem>

#include "cgroup_oracle.hpp"
#include "host_processes.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

std::vector<std::string> isotest_cgroups_in(const std::string& directory) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.path().filename().string().rfind("isotest.", 0) == 0) names.push_back(entry.path().filename());
    }
    return names;
}

// 200 MiB into a tmpfs, under --memory 64M: the sandbox's own /dev/shm, and a tmpfs the test
// mounts in a nested user namespace (which no rlimit or --tmpfs-size reaches).
TEST(CgroupMemory, TmpfsPagesAreCappedWhereACgroupIsPossible) {
    const std::optional<std::string> cgroup = writable_cgroup_for("memory");
    const std::vector<std::vector<std::string>> fills = {
        {"sh", "-c", "head -c 200M /dev/zero > /dev/shm/fill; echo status $?"},
        {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         "mount -t tmpfs nested /mnt && head -c 200M /dev/zero > /mnt/fill; echo status $?"},
    };
    for (const auto& fill : fills) {
        ScratchDir reports;
        const std::string report = (reports / "r.xml").string();
        std::vector<std::string> args = {"--memory", "64M", "--junit", report, "--report-details", "--"};
        args.insert(args.end(), fill.begin(), fill.end());
        const RunResult r = run_isotest(args);
        const std::string xml = read_file(report);
        if (cgroup) {
            // The OOM killer picks the writer or the shell waiting for it (similar sizes).
            EXPECT_TRUE((r.exit_code == 0 && r.out == "status 137\n") || (r.killed_by_signal == SIGKILL && r.out.empty()))
                << "the writer was not killed at the limit\n" << r.describe();
            EXPECT_EQ(junit_property(xml, "isotest.memory_limit_hit"), "true") << xml.substr(0, 3000);
            EXPECT_TRUE(contains(junit_property(xml, "isotest.cgroup_limits"), "memory 64 MiB (cgroup v")) << xml.substr(0, 3000);
        } else {
            // The documented limit without a cgroup: tmpfs pages are not address space.
            EXPECT_EQ(r.exit_code, 0) << r.describe();
            EXPECT_EQ(r.out, "status 0\n") << r.describe();
            EXPECT_EQ(junit_property(xml, "isotest.cgroup_limits"), "none (no writable cgroup: rlimits only)") << xml.substr(0, 3000);
            EXPECT_EQ(junit_property(xml, "isotest.memory_limit_hit"), "(absent)");
        }
    }
}

// A test killed at the limit is reported as such, not as a bare SIGKILL.
TEST(CgroupMemory, AKillAtTheLimitIsReportedAsOutOfMemory) {
    if (!writable_cgroup_for("memory")) {
        const RunResult r = run_isotest({"--memory", "64M", "--", "true"});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        return;
    }
    ScratchDir reports;
    const std::string report = (reports / "r.xml").string();
    const RunResult r = run_isotest({"--memory", "64M", "--junit", report, "--", "sh", "-c",
                                     "exec head -c 200M /dev/zero > /dev/shm/fill"});
    EXPECT_EQ(r.killed_by_signal, SIGKILL) << r.describe();
    const std::string xml = read_file(report);
    EXPECT_TRUE(contains(xml, "killed by signal SIGKILL: out of memory at the --memory limit")) << xml.substr(0, 3000);
}

TEST(CgroupProcesses, MaxProcsBindsEveryoneWhereACgroupIsPossible) {
    const std::optional<std::string> cgroup = writable_cgroup_for("pids");
    // 60 sleepers started by a shell that survives failed forks (each in its own subshell).
    ScratchDir reports;
    const std::string report = (reports / "r.xml").string();
    const RunResult r = run_isotest({"--max-procs", "20", "--junit", report, "--", "sh", "-c",
                                     "i=0; while [ $i -lt 60 ]; do (sleep 5 &) 2>/dev/null; i=$((i+1)); done; "
                                     "set -- /proc/[0-9]*; echo $#"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const long processes = std::stol(r.out);
    // A refused fork is reported where the kernel counts it: in the pids cgroup.
    EXPECT_EQ(junit_property(read_file(report), "isotest.process_limit_hit"), cgroup ? "true" : "(absent)");
    if (cgroup || !invoked_as_root()) {
        EXPECT_LE(processes, 21) << r.describe();  // the limit, counted with init
    } else {
        EXPECT_GT(processes, 60) << "host root without a pids cgroup: RLIMIT_NPROC does not bind it\n" << r.describe();
    }
}

TEST(CgroupLifetime, RemovedAfterTheRunAndAfterIsotestWasKilled) {
    const std::optional<std::string> cgroup = writable_cgroup_for("memory");
    if (!cgroup) {
        GTEST_LOG_(INFO) << "no writable memory cgroup for this user: nothing is created, nothing to remove";
        EXPECT_EQ(run_isotest({"--memory", "64M", "--", "true"}).exit_code, 0);
        return;
    }
    const RunResult plain = run_isotest({"--memory", "64M", "--", "true"});
    ASSERT_EQ(plain.exit_code, 0) << plain.describe();
    EXPECT_TRUE(isotest_cgroups_in(*cgroup).empty()) << "a cgroup outlived its run";

    // Killed mid-run, isotest cannot remove its cgroup itself: its reaper, a process of its own
    // outside the sandbox, does once the sandbox (dying of init's parent-death signal) has left it.
    const std::string marker = unique_token();
    RunRequest request;
    request.args = {"--memory", "64M", "--", "sleep", "1000." + marker};
    RunningIsotest running(request);
    const std::string mine = *cgroup + "/isotest." + std::to_string(running.pid());
    ASSERT_TRUE(eventually([&] { return fs::exists(mine) && !processes_mentioning("1000." + marker).empty(); }))
        << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), SIGKILL), 0);
    running.wait();
    EXPECT_TRUE(eventually([&] { return !fs::exists(mine); }))
        << "the killed run's cgroup outlived its sandbox: " << read_file_if_exists(mine + "/cgroup.procs");
    EXPECT_TRUE(processes_mentioning("1000." + marker).empty());

    // One left behind all the same (its reaper killed too) is removed by the next run.
    const std::string stale = *cgroup + "/isotest.999999999";
    ASSERT_EQ(::mkdir(stale.c_str(), 0755), 0) << stale << ": " << std::strerror(errno);
    const RunResult next = run_isotest({"--memory", "64M", "--", "true"});
    ASSERT_EQ(next.exit_code, 0) << next.describe();
    EXPECT_FALSE(fs::exists(stale)) << "a stale cgroup was not cleaned up by the next run";
    EXPECT_TRUE(isotest_cgroups_in(*cgroup).empty());
}

}  // namespace
}  // namespace sectest
