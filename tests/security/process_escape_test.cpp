// Issue 6: a test must not see, signal or ptrace host processes, must not disturb its own
// init, and must not leave anything running once isotest has returned (double fork, setsid,
// nohup, ignored signals, a nested PID namespace).
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/process.hpp>
#include <fstream>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace bp = boost::process;

const std::vector<std::vector<std::string>> kIdentities = {{}, {"--root"}};

// State letter from /proc/PID/stat ('Z' zombie), or '?' when PID does not exist.
char process_state(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return '?';
    const auto close = text.rfind(')');
    return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

TEST(HostProcesses, CannotBeSeenSignalledOrTraced) {
    const std::string marker = unique_token();
    bp::child victim(bp::search_path("sleep"), "1000." + marker);
    const std::string pid = std::to_string(victim.id());
    const std::string script = "for s in KILL TERM STOP; do kill -s $s " + pid +
                               " 2>/dev/null && echo \"kill $s: delivered\" || echo \"kill $s: refused\"; done; "
                               "test -e /proc/" + pid + " && echo 'proc: visible' || echo 'proc: hidden'; " +
                               probe("ptrace_attach") + " " + pid;
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {script});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "kill KILL: refused\nkill TERM: refused\nkill STOP: refused\nproc: hidden\nrefused: ESRCH\n")
            << r.describe();
        EXPECT_EQ(process_state(victim.id()), 'S') << "the host's sleep was disturbed\n" << r.describe();
    }
    victim.terminate();
}

TEST(HostProcesses, TheCallersProcessGroupIsOutOfReach) {
    // kill(0, ...) signals the sender's process group, and so does a process group id the test
    // reads off its own process; the caller's (here a shell in a session of its own, started by
    // setsid) shares isotest's. The test is in a session of its own: it reaches only itself.
    for (const auto& identity : kIdentities) {
        std::string isotest = sh_quote(isotest_binary());
        for (const auto& word : identity) isotest += " " + word;
        RunRequest request;
        request.program = "setsid";
        request.args = {"--wait", "sh", "-c",
                        isotest + " -- sh -c 'kill -TERM 0; kill -TERM -$(ps -o pgid= $$); sleep 1; exit 3'; "
                                  "echo \"isotest: $?\"; echo caller survived"};
        const RunResult r = run_isotest(request);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "isotest: 143\ncaller survived\n") << r.describe();
    }
}

TEST(Init, CannotBeTraced) {
    for (const auto& identity : kIdentities) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--", probe("ptrace_attach"), "1"});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "refused: EPERM\n") << r.describe();
    }
}

TEST(Init, SurvivesSigkillFromTheTest) {
    // The kernel protects a PID namespace's init from its own namespace; the test's own
    // status must still come through.
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {"kill -KILL 1; sleep 0.1; echo alive; exit 7"});
        EXPECT_EQ(r.exit_code, 7) << r.describe();
        EXPECT_EQ(r.out, "alive\n") << r.describe();
    }
}

TEST(Init, ItsStatusChannelCannotBeForged) {
    // init reports the test's status to isotest over a pipe. Reaching it through /proc/1/fd
    // would let a failing test report itself as passed.
    ScratchDir reports;
    const std::string report = (reports / "report.xml").string();
    for (const auto& identity : kIdentities) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--junit", report, "--", "sh", "-c",
                                 "for fd in /proc/1/fd/*; do (printf 'R0\\n' > $fd) 2>/dev/null && echo \"reached $fd\"; done; exit 3"});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 3) << r.describe();
        EXPECT_EQ(r.out, "") << r.describe();
        EXPECT_TRUE(contains(read_file(report), "<failure")) << r.describe();
    }
}

TEST(Daemons, NothingSurvivesIsotest) {
    for (const auto& identity : kIdentities) {
        const std::string marker = unique_token();
        const std::string sleep_for = "sleep 1000." + marker;
        const std::string script =
            "nohup setsid " + sleep_for + "1 >/dev/null 2>&1 & "
            "( ( setsid " + sleep_for + "2 </dev/null >/dev/null 2>&1 & ) & ); "
            "setsid -f sh -c 'trap \"\" TERM HUP INT QUIT; exec " + sleep_for + "3' </dev/null >/dev/null 2>&1; "
            "unshare --user --pid --fork " + sleep_for + "4 </dev/null >/dev/null 2>&1 & "
            "count() { n=0; for f in /proc/[0-9]*/cmdline; do case \"$(tr '\\0' ' ' 2>/dev/null < $f)\" in "
            "\"" + sleep_for + "\"*) n=$((n+1));; esac; done; echo $n; }; "
            "i=0; while [ $(count) -lt 4 ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done; count";
        const RunResult r = run_isotest_sh(identity, {script});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        ASSERT_EQ(r.out, "4\n") << "the four daemons did not all start\n" << r.describe();
        // isotest returns only after its init has killed and reaped the whole PID namespace
        // (nested ones included) and has exited: nothing may be left even for a moment.
        const std::vector<pid_t> left = test_processes_mentioning("1000." + marker);
        EXPECT_TRUE(left.empty()) << left.size() << " daemon(s) outlived isotest\n" << r.describe();
    }
}

}  // namespace
}  // namespace sectest
