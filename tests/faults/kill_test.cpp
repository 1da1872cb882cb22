// Issue 6, faults: isotest itself killed (SIGKILL, at any moment of setup or mid-run) leaves no
// process, mount or temporary file behind; SIGTERM/SIGINT reach the test, isotest dies of the
// test's signal and a --junit report still says what happened.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "host.hpp"
#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) names.insert(entry.path().filename().string());
    return names;
}

// New entries of /tmp that could be ours: the host's /tmp is shared with everything else on
// the machine, so only names that mention isotest or this run's marker count — but not the
// unit tests' scratch directories (report_test_support.cpp), which ctest -j runs beside this.
std::vector<std::string> new_tmp_entries(const std::set<std::string>& before, const std::string& marker) {
    std::vector<std::string> ours;
    for (const auto& name : names_in("/tmp")) {
        if (before.contains(name) || name.starts_with("isotest-report-test.")) continue;
        if (contains(name, "isotest") || contains(name, marker)) ours.push_back(name);
    }
    return ours;
}

struct HostState {
    std::multiset<std::string> mounts = host_mounts();
    std::set<std::string> tmp = names_in("/tmp");
};

// Everything a killed run could leave: processes, namespaces, mounts, temporary files.
void expect_nothing_left(const HostState& before, const std::string& marker, const ScratchDir& scratch,
                         const std::string& context) {
    EXPECT_TRUE(eventually([&] { return processes_mentioning(marker).empty(); }))
        << processes_mentioning(marker).size() << " processes of the killed run still running\n" << context;
    EXPECT_TRUE(namespaces_of_processes_mentioning(marker).empty()) << context;
    EXPECT_EQ(host_mounts(), before.mounts) << "the host's mount table changed\n" << context;
    EXPECT_EQ(new_tmp_entries(before.tmp, marker), std::vector<std::string>{}) << context;
    // Our own TMPDIR and the report's directory: nothing but what the test itself made.
    EXPECT_EQ(names_in(scratch / "tmpdir"), std::set<std::string>{}) << context;
    for (const auto& name : names_in(scratch / "reports")) {
        EXPECT_EQ(name.find(".report.xml."), std::string::npos) << "temporary report file left: " << name << "\n" << context;
    }
}

RunRequest long_running(const ScratchDir& scratch, const std::string& marker) {
    fs::create_directories(scratch / "tmpdir");
    fs::create_directories(scratch / "reports");
    fs::create_directories(scratch / "shared");
    RunRequest request;
    request.args = {"--junit", (scratch / "reports" / "report.xml").string(), "--rw", (scratch / "shared").string(),
                    "--", "sh", "-c",
                    "sleep 1000." + marker + "1 & touch " + sh_quote((scratch / "shared" / "ready").string()) +
                        "; exec sleep 1000." + marker + "2"};
    request.env["TMPDIR"] = (scratch / "tmpdir").string();
    return request;
}

TEST(Sigkill, MidRunLeavesNothingBehind) {
    const HostState before;
    const std::string marker = unique_token();
    ScratchDir scratch;
    RunningIsotest running(long_running(scratch, marker));
    ASSERT_TRUE(eventually([&] {
        return fs::exists(scratch / "shared" / "ready") && processes_mentioning(std::string("sleep") + '\0' + "1000." + marker).size() == 2;
    })) << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), SIGKILL), 0);
    const RunResult r = running.wait();
    EXPECT_EQ(r.killed_by_signal, SIGKILL) << r.describe();
    expect_nothing_left(before, marker, scratch, r.describe());
    EXPECT_FALSE(fs::exists(scratch / "reports" / "report.xml")) << "a report for a run that never finished";
}

TEST(Sigkill, AtAnyMomentOfSetupLeavesNothingBehind) {
    // Killed after 0, 1, 2, ... ms: some runs die before clone, some in the middle of building
    // the sandbox, some after the test started. Every one must clean up after itself.
    const HostState before;
    const std::string marker = unique_token();
    ScratchDir scratch;
    for (int delay_ms = 0; delay_ms < 40; delay_ms += 2) {
        RunningIsotest running(long_running(scratch, marker));
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(running.pid(), SIGKILL);
        const RunResult r = running.wait();
        EXPECT_TRUE(r.killed_by_signal == SIGKILL || r.exit_code >= 0) << r.describe();
    }
    expect_nothing_left(before, marker, scratch, "after 20 runs killed during setup");
}

// Killed at random moments around the write of a report that replaces an existing one (the
// test is quick, its output large, so writing the report takes a good part of the run): the
// report on disk is always whole, the old one or the new one, and after one normal run the
// directory holds the report and nothing else — no temporary name of a killed writer survives.
TEST(Sigkill, AroundTheReportWriteLeavesNoTemporaryName) {
    ScratchDir scratch;
    const fs::path reports = scratch / "reports";
    fs::create_directories(reports);
    const fs::path report = reports / "report.xml";
    RunRequest request;
    request.args = {"--junit", report.string(), "--max-report-output", "2M", "--", "sh", "-c",
                    "head -c 1000000 /dev/zero | tr '\\0' x"};
    const auto whole = [&] { return read_file(report).ends_with("</testsuites>\n"); };
    const auto timed_run = [&] {
        const auto started = std::chrono::steady_clock::now();
        RunningIsotest running(request);
        const RunResult r = running.wait();
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    };

    // The first runs make the report every later one replaces; the median of their durations
    // places the kills from mid-run to past the end, where the report is written (a
    // calibration, not an assertion).
    std::vector<std::chrono::microseconds> durations = {timed_run(), timed_run(), timed_run()};
    std::sort(durations.begin(), durations.end());
    const long run_us = durations[1].count();
    ASSERT_TRUE(whole());

    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> moment(run_us / 2, run_us * 6 / 5);
    int killed = 0;
    int left_a_name = 0;  // kills that landed between naming and placing: the cleanup's cases
    for (int kill = 0; kill < 200; ++kill) {
        RunningIsotest running(request);
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        ::kill(running.pid(), SIGKILL);
        const RunResult k = running.wait();
        if (k.killed_by_signal == SIGKILL) {
            ++killed;
        } else {
            EXPECT_EQ(k.exit_code, 0) << k.describe();
        }
        ASSERT_TRUE(whole()) << "a torn report after kill " << kill << " (seed " << seed << ")";
        if (names_in(reports).size() > 1) ++left_a_name;
    }
    RecordProperty("killed", killed);
    RecordProperty("left_a_temporary_name", left_a_name);
    const RunResult last = run_isotest(request);
    ASSERT_EQ(last.exit_code, 0) << last.describe();
    EXPECT_TRUE(whole());
    EXPECT_EQ(names_in(reports), std::set<std::string>{"report.xml"})
        << killed << " of 200 runs killed, " << left_a_name << " left a temporary name, " << run_us
        << " us a run (seed " << seed << ")";
}

struct Termination {
    int signal;
    const char* name;
};

void PrintTo(const Termination& termination, std::ostream* out) { *out << termination.name; }

class Forwarded : public testing::TestWithParam<Termination> {};

TEST_P(Forwarded, ReachesTheTestAndIsReported) {
    const Termination termination = GetParam();
    const std::string marker = unique_token();
    ScratchDir scratch;
    RunningIsotest running(long_running(scratch, marker));
    ASSERT_TRUE(eventually([&] { return fs::exists(scratch / "shared" / "ready"); })) << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), termination.signal), 0);
    const RunResult r = running.wait();
    // The test did not handle the signal and died of it: so does isotest.
    EXPECT_EQ(r.killed_by_signal, termination.signal) << r.describe();
    EXPECT_TRUE(test_processes_mentioning(marker).empty()) << r.describe();
    const fs::path report = scratch / "reports" / "report.xml";
    ASSERT_TRUE(fs::exists(report)) << r.describe();
    const std::string xml = read_file(report);
    EXPECT_TRUE(contains(xml, std::string("terminated: isotest received ") + termination.name)) << xml;
    EXPECT_TRUE(contains(xml, std::string("name=\"isotest.terminated_by\" value=\"") + termination.name)) << xml;
}

INSTANTIATE_TEST_SUITE_P(Signals, Forwarded,
                         testing::Values(Termination{SIGTERM, "SIGTERM"}, Termination{SIGINT, "SIGINT"}),
                         [](const testing::TestParamInfo<Termination>& info) { return std::string(info.param.name + 3); });

TEST(Forwarded, AnIgnoredSigtermEndsWithSigkillAfterKillAfter) {
    const std::string marker = unique_token();
    ScratchDir scratch;
    fs::create_directories(scratch / "reports");
    RunRequest request;
    request.args = {"--kill-after", "0.5", "--junit", (scratch / "reports" / "report.xml").string(), "--rw", scratch.str(),
                    "--", "sh", "-c",
                    "trap '' TERM; touch " + sh_quote((scratch / "ready").string()) + "; sleep 1000." + marker + "; exit 3"};
    RunningIsotest running(request);
    ASSERT_TRUE(eventually([&] { return fs::exists(scratch / "ready"); })) << running.wait().describe();
    ASSERT_EQ(::kill(running.pid(), SIGTERM), 0);
    const RunResult r = running.wait();
    EXPECT_EQ(r.killed_by_signal, SIGKILL) << r.describe();
    EXPECT_TRUE(test_processes_mentioning(marker).empty()) << r.describe();
    EXPECT_TRUE(contains(read_file(scratch / "reports" / "report.xml"), "terminated: isotest received SIGTERM"));
}

}  // namespace
}  // namespace sectest
