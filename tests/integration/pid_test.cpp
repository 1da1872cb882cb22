// Issue 2, point 1 (PID): fresh /proc, the test is PID 2 under an init that reaps orphans, and
// whatever the test leaves behind is gone when it exits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

TEST(Pid, ProcShowsOnlyTheSandboxesProcesses) {
    const RunResult r = run_isotest({"--", "sh", "-c", "ls /proc; echo end"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    std::set<long> pids;
    for (const auto& line : lines_of(r.out)) {
        if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
            pids.insert(std::stol(line));
        }
    }
    EXPECT_TRUE(pids.contains(1)) << r.describe();
    EXPECT_TRUE(pids.contains(2)) << r.describe();
    EXPECT_LE(pids.size(), 5u) << r.describe();
    EXPECT_FALSE(pids.contains(::getpid())) << r.describe();
}

TEST(Pid, HostProcessesAreNotReachable) {
    const std::string own_pid = std::to_string(::getpid());
    const RunResult r = run_isotest(
        {"--", "sh", "-c", "if kill -0 " + own_pid + " 2>/dev/null; then echo visible; else echo invisible; fi; "
                           "test -e /proc/" + own_pid + " && echo proc-entry || echo no-proc-entry"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "invisible\nno-proc-entry\n") << r.describe();
}

TEST(Pid, TestIsPid2UnderInitPid1) {
    const RunResult r = run_isotest({"--", "sh", "-c", "echo $$; grep '^PPid:' /proc/$$/status"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "2\nPPid:\t1\n") << r.describe();
}

TEST(Pid, InitReapsOrphans) {
    // The subshell exits at once, so its sleep is reparented to PID 1; only init can reap it.
    const std::string script =
        "( sleep 0.2 & echo $! > /tmp/orphan ); orphan=$(cat /tmp/orphan); i=0; "
        "while [ -e /proc/$orphan ] && [ $i -lt 1000 ]; do sleep 0.02; i=$((i+1)); done; "
        "if [ -e /proc/$orphan ]; then echo \"not reaped: $(cat /proc/$orphan/stat)\"; else echo reaped; fi";
    const RunResult r = run_isotest({"--", "sh", "-c", script});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "reaped\n") << r.describe();
}

TEST(Pid, ProcessesLeftBehindAreKilledWhenTheTestExits) {
    ScratchDir shared(persistent_temp_parent());
    const std::string marker = unique_token();
    const std::string dir = shared.path().string();
    // One plain background child and one that detaches into its own session.
    const std::string script = "sleep 1000." + marker + " & setsid sleep 1001." + marker +
                               " & echo ready > " + sh_quote(dir + "/ready") +
                               "; while [ ! -e " + sh_quote(dir + "/release") +
                               " ]; do sleep 0.02; done; exit 0";
    RunRequest request;
    request.args = {"--rw", dir, "--", "sh", "-c", script};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(shared / "ready"))
        << running.wait().describe();
    // While the test runs, the host does see both sleeps, so the check below can fail.
    // (A command line is NUL-separated; only the sleeps have the marker as a whole argument.)
    const std::string plain_sleep_arg = "1000." + marker + '\0';
    const std::string detached_sleep_arg = "1001." + marker + '\0';
    ASSERT_TRUE(eventually([&] {
        return processes_mentioning(plain_sleep_arg).size() == 1 &&
               processes_mentioning(detached_sleep_arg).size() == 1;
    }));
    write_file(shared / "release", "");
    const RunResult r = running.wait();
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); },
                           std::chrono::seconds(10)))
        << "still running on the host: " << processes_mentioning(marker).size()
        << " processes with marker " << marker;
}

}  // namespace
}  // namespace itest
