// Issue 2, point 7 (exit status): the test's own status, death by the test's signal (issue 13), 124 on --timeout
// (SIGTERM first, SIGKILL after --kill-after), 126 not executable, 127 not found.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>

#include <filesystem>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "paths.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

TEST(ExitStatus, IsTheTestsOwn) {
    for (int code : {0, 1, 3, 77, 255}) {
        const RunResult r = run_isotest({"--", "sh", "-c", "exit " + std::to_string(code)});
        EXPECT_EQ(r.exit_code, code) << r.describe();
    }
}

TEST(ExitStatus, DeathBySignalIsIsotestsDeathBySignal) {
    // Every parent (CTest's "SegFault", Python's -11) sees what it would have seen bare; a shell
    // still says 128+N.
    for (const int signal : {SIGSEGV, SIGABRT, SIGTERM, SIGKILL, SIGINT, SIGBUS}) {
        const RunResult r = run_isotest({"--", "sh", "-c", "kill -" + std::to_string(signal) + " $$"});
        EXPECT_EQ(r.killed_by_signal, signal) << r.describe();
    }
    RunRequest through_a_shell;
    through_a_shell.program = "sh";
    through_a_shell.args = {"-c", "\"$0\" -- sh -c 'kill -SEGV $$'; echo $?", isotest_binary()};
    const RunResult r = run_isotest(through_a_shell);
    EXPECT_EQ(r.out, "139\n") << r.describe();
}

TEST(ExitStatus, IsotestLeavesNoCoreFileOfItsOwn) {
    // core_pattern "core" (this machine's) or "core.%p": a dump lands in the dying process's
    // cwd. The bare crash shows that a core is written there when the limits allow it.
    ScratchDir dir(persistent_temp_parent());
    const auto cores = [&] {
        int count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
            if (entry.path().filename().string().rfind("core", 0) == 0) ++count;
        }
        return count;
    };
    RunRequest bare;
    bare.program = "sh";
    bare.cwd = dir.path();
    bare.args = {"-c", "ulimit -c unlimited; sh -c 'kill -SEGV $$'; exit 0"};
    ASSERT_EQ(run_isotest(bare).exit_code, 0);
    const int bare_cores = cores();
    RunRequest wrapped = bare;
    wrapped.args = {"-c", "ulimit -c unlimited; \"$0\" -- sh -c 'kill -SEGV $$'; exit 0", isotest_binary()};
    const RunResult r = run_isotest(wrapped);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(cores(), bare_cores) << "isotest dumped a core of its own";
    if (std::ifstream("/proc/sys/kernel/core_pattern").get() != '|') {
        EXPECT_EQ(bare_cores, 1) << "the bare crash wrote no core: this check cannot fail here";
    }
}

TEST(ExitStatus, TimeoutGives124) {
    const RunResult r = run_isotest({"--timeout", "0.5", "--", "sleep", "100"});
    EXPECT_EQ(r.exit_code, 124) << r.describe();
}

// Under CTest the console shows only "***Failed": the one line isotest adds says why the test
// ended. A silent test's stderr holds that line and nothing else.
TEST(ExitStatus, TimeoutSaysSoInOneLineOnStderr) {
    const RunResult r = run_isotest({"--timeout", "0.5", "--", "sleep", "100"});
    EXPECT_EQ(r.exit_code, 124) << r.describe();
    EXPECT_EQ(r.err, "isotest: timed out after 0.500 s (--timeout); the test was killed\n") << r.describe();
}

TEST(ExitStatus, AnEndOfTheTestsOwnAddsNothingToStderr) {
    const RunResult exited = run_isotest({"--timeout", "60", "--", "sh", "-c", "echo own >&2; exit 3"});
    EXPECT_EQ(exited.exit_code, 3) << exited.describe();
    EXPECT_EQ(exited.err, "own\n") << exited.describe();
    const RunResult crashed = run_isotest({"--timeout", "60", "--", "sh", "-c", "kill -SEGV $$"});
    EXPECT_EQ(crashed.killed_by_signal, SIGSEGV) << crashed.describe();
    EXPECT_EQ(crashed.err, "") << crashed.describe();
}

TEST(ExitStatus, TimeoutSendsSigtermToTheTestFirst) {
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const std::string script = "trap 'echo TERM > " + sh_quote(dir + "/got") +
                               "; exit 0' TERM; while :; do sleep 0.02; done";
    const RunResult r = run_isotest({"--timeout", "0.5", "--rw", dir, "--", "sh", "-c", script});
    EXPECT_EQ(r.exit_code, 124) << r.describe();
    ASSERT_TRUE(std::filesystem::exists(shared / "got")) << r.describe();
    EXPECT_EQ(read_file(shared / "got"), "TERM\n");
}

TEST(ExitStatus, ATestThatStoppedItselfGetsItsSigtermAtTheTimeout) {
    // As coreutils timeout: SIGTERM, then SIGCONT. Without the SIGCONT a stopped test would only
    // die of SIGKILL after --kill-after (10 minutes here), and its TERM trap would never run.
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const std::string script = "trap 'echo TERM > " + sh_quote(dir + "/got") + "; exit 0' TERM; kill -STOP $$; exit 9";
    RunRequest request;
    // 2 s, not less: the timeout must not fire before the shell has set its trap (the VM lane's
    // emulated CPU took over 0.5 s to get there once).
    request.args = {"--timeout", "2", "--kill-after", "600", "--rw", dir, "--", "sh", "-c", script};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 124) << r.describe();
    EXPECT_EQ(read_file_if_exists(shared / "got"), "TERM\n") << r.describe();
}

TEST(ExitStatus, TestIgnoringSigtermIsKilledAfterKillAfter) {
    const std::string marker = unique_token();
    // Ignores SIGTERM and would run ~100 s; the harness limit is 60 s.
    const std::string script = "trap '' TERM; sleep 1000." + marker +
                               " & i=0; while [ $i -lt 5000 ]; do sleep 0.02; i=$((i+1)); done";
    const RunResult r =
        run_isotest({"--timeout", "0.5", "--kill-after", "0.5", "--", "sh", "-c", script});
    EXPECT_EQ(r.exit_code, 124) << r.describe();
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); },
                           std::chrono::seconds(10)))
        << "processes with marker " << marker << " survived the timeout";
}

// Issue 13: build systems read the resource usage of the process they started; the test's CPU
// time reaches them through isotest.
TEST(ResourceUsage, TheTestsCpuTimeReachesIsotestsParent) {
    const std::string burn = "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done";
    RunRequest bare;
    bare.program = probe::rusage_of;
    bare.args = {"sh", "-c", burn};
    const RunResult alone = run_isotest(bare);
    ASSERT_EQ(alone.exit_code, 0) << alone.describe();
    RunRequest wrapped = bare;
    wrapped.args = {isotest_binary(), "--", "sh", "-c", burn};
    const RunResult under = run_isotest(wrapped);
    ASSERT_EQ(under.exit_code, 0) << under.describe();
    const double bare_cpu = std::stod(alone.out.substr(4));
    const double isotest_cpu = std::stod(under.out.substr(4));
    ASSERT_GT(bare_cpu, 0.05) << alone.describe();
    // The same loop costs about the same CPU; isotest's own share only adds to it.
    EXPECT_GT(isotest_cpu, bare_cpu * 0.5) << "bare " << alone.out << "under isotest " << under.out;
}

TEST(ExitStatus, CommandNotFoundIs127) {
    const RunResult absolute = run_isotest({"--", "/nonexistent/isotest-itest-command"});
    EXPECT_EQ(absolute.exit_code, 127) << absolute.describe();
    RunRequest on_path_request;
    // A PATH of directories every user can search: an unsearchable entry inherited from the
    // caller (e.g. root's ~/.cargo/bin under runuser) is a different case.
    on_path_request.env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
    on_path_request.args = {"--", "isotest-itest-no-such-command"};
    const RunResult on_path = run_isotest(on_path_request);
    EXPECT_EQ(on_path.exit_code, 127) << on_path.describe();
}

TEST(ExitStatus, CommandNotExecutableIs126) {
    ScratchDir scratch(persistent_temp_parent());
    write_file(scratch / "script.sh", "#!/bin/sh\necho should not run\n");
    std::filesystem::permissions(scratch / "script.sh", std::filesystem::perms(0644));
    const RunResult file = run_isotest({"--", (scratch / "script.sh").string()});
    EXPECT_EQ(file.exit_code, 126) << file.describe();
    EXPECT_FALSE(contains(file.out, "should not run")) << file.describe();
    const RunResult directory = run_isotest({"--", scratch.path().string()});
    EXPECT_EQ(directory.exit_code, 126) << directory.describe();
}

}  // namespace
}  // namespace itest
