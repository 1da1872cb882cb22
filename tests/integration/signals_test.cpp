// Issue 2, point 1 (PID), signals: SIGTERM/SIGINT/SIGHUP/SIGQUIT sent to isotest reach the test;
// SIGKILL to isotest leaves nothing of the sandbox running.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <filesystem>

#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

struct ForwardedSignal {
    int number;
    const char* name;  // as sh's trap spells it
    int exit_code;     // what the test's trap exits with, different for each signal
};

void PrintTo(const ForwardedSignal& signal, std::ostream* out) { *out << "SIG" << signal.name; }

class SignalForwarding : public testing::TestWithParam<ForwardedSignal> {};

TEST_P(SignalForwarding, ReachesTheTest) {
    const ForwardedSignal signal = GetParam();
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const std::string script = std::string("trap 'echo ") + signal.name + " > " +
                               sh_quote(dir + "/got") + "; exit " +
                               std::to_string(signal.exit_code) + "' " + signal.name +
                               "; echo ready > " + sh_quote(dir + "/ready") +
                               "; i=0; while [ $i -lt 3000 ]; do sleep 0.02; i=$((i+1)); done; exit 99";
    RunRequest request;
    request.args = {"--rw", dir, "--", "sh", "-c", script};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(shared / "ready"))
        << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), signal.number), 0) << std::strerror(errno);
    const RunResult r = running.wait();
    EXPECT_EQ(r.exit_code, signal.exit_code) << r.describe();
    // One line says why the test ended, CTest's TIMEOUT_SIGNAL_NAME being one such signal.
    EXPECT_EQ(r.err, std::string("isotest: terminated: isotest received SIG") + signal.name +
                         "; the test exited with status " + std::to_string(signal.exit_code) + "\n")
        << r.describe();
    ASSERT_TRUE(std::filesystem::exists(shared / "got")) << r.describe();
    EXPECT_EQ(read_file(shared / "got"), std::string(signal.name) + "\n");
}

INSTANTIATE_TEST_SUITE_P(Signals, SignalForwarding,
                         testing::Values(ForwardedSignal{SIGTERM, "TERM", 41},
                                         ForwardedSignal{SIGINT, "INT", 42},
                                         ForwardedSignal{SIGHUP, "HUP", 43},
                                         ForwardedSignal{SIGQUIT, "QUIT", 44}),
                         [](const testing::TestParamInfo<ForwardedSignal>& info) {
                             return std::string(info.param.name);
                         });

// CTest >= 3.27 with TIMEOUT_SIGNAL_NAME SIGTERM: the test dies of the signal isotest passed on,
// isotest writes the report, says why on stderr, and dies of the same signal.
TEST(Signals, ATestKilledByTheForwardedSignalIsReportedAsTerminated) {
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const std::string report = dir + "/report.xml";
    const std::string script = "echo ready > " + sh_quote(dir + "/ready") +
                               "; i=0; while [ $i -lt 3000 ]; do sleep 0.02; i=$((i+1)); done; exit 99";
    RunRequest request;
    request.args = {"--junit", report, "--rw", dir, "--", "sh", "-c", script};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(shared / "ready")) << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), SIGTERM), 0) << std::strerror(errno);
    const RunResult r = running.wait();
    EXPECT_EQ(r.killed_by_signal, SIGTERM) << r.describe();
    EXPECT_EQ(r.err, "isotest: terminated: isotest received SIGTERM; the test was killed by signal SIGTERM\n")
        << r.describe();
    const std::string xml = read_file_if_exists(report);
    EXPECT_TRUE(contains(xml, "type=\"isotest.Terminated\"")) << xml;
    EXPECT_TRUE(contains(xml, "terminated: isotest received SIGTERM; the test was killed by signal SIGTERM")) << xml;
}

TEST(Signals, SigkillToIsotestLeavesNothingRunning) {
    ScratchDir shared(persistent_temp_parent());
    const std::string dir = shared.path().string();
    const std::string marker = unique_token();
    const std::string script = "sleep 1000." + marker + " & echo ready > " +
                               sh_quote(dir + "/ready") +
                               "; i=0; while [ $i -lt 3000 ]; do sleep 0.02; i=$((i+1)); done";
    RunRequest request;
    request.args = {"--rw", dir, "--", "sh", "-c", script};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(shared / "ready"))
        << running.wait().describe();
    const std::string sleep_arg = "1000." + marker + '\0';
    ASSERT_TRUE(eventually([&] { return processes_mentioning(sleep_arg).size() == 1; }));
    ASSERT_EQ(::kill(running.pid(), SIGKILL), 0) << std::strerror(errno);
    const RunResult r = running.wait();
    EXPECT_EQ(r.killed_by_signal, SIGKILL) << r.describe();
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); },
                           std::chrono::seconds(10)))
        << processes_mentioning(marker).size() << " sandbox processes (marker " << marker
        << ") still running after isotest was SIGKILLed";
}

}  // namespace
}  // namespace itest
