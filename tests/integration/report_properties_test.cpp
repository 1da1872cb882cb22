// Issue 12: every isotest.* property of a report, checked against what the test really did —
// seen from inside (its namespaces, ids, hostname, its own CPU time and peak memory, the pid it
// left running) and from the host (the bytes it wrote, its exit status, the run's duration).
// A property that never tells the truth is worse than none: stdout_bytes/stderr_bytes were 0
// in every report once.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "host_processes.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

std::string unescaped(std::string text) {
    for (const auto& [entity, character] : {std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"}, std::pair{"&quot;", "\""},
                                            std::pair{"&apos;", "'"}, std::pair{"&amp;", "&"}}) {
        for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
            text.replace(at, std::string(entity).size(), character);
        }
    }
    return text;
}

// Every <property name="..." value="..."/> of the report. (No std::regex: GCC 12 warns inside
// it under the sanitizers.)
std::map<std::string, std::string> properties_of(const std::string& xml) {
    std::map<std::string, std::string> properties;
    const std::string name_key = "<property name=\"", value_key = "\" value=\"";
    for (auto at = xml.find(name_key); at != std::string::npos; at = xml.find(name_key, at + 1)) {
        const auto name_start = at + name_key.size();
        const auto name_end = xml.find(value_key, name_start);
        const auto value_start = name_end + value_key.size();
        properties[xml.substr(name_start, name_end - name_start)] =
            unescaped(xml.substr(value_start, xml.find('"', value_start) - value_start));
    }
    return properties;
}

// Unprivileged before Linux 6.6, a failed run's report (and any with --report-details) also says
// that host directories cannot be removed or renamed there (isotest.overlay_limit).
std::set<std::string> on_this_platform(std::set<std::string> names) {
    if (!host_directories_removable()) names.insert("isotest.overlay_limit");
    return names;
}

std::set<std::string> names_of(const std::map<std::string, std::string>& properties) {
    std::set<std::string> names;
    for (const auto& [name, value] : properties) names.insert(name);
    return names;
}

// "KEY VALUE" lines the test printed about itself.
std::map<std::string, std::string> facts_of(const std::string& out) {
    std::map<std::string, std::string> facts;
    for (const std::string& line : lines_of(out)) {
        const auto space = line.find(' ');
        if (space != std::string::npos) facts[line.substr(0, space)] = line.substr(space + 1);
    }
    return facts;
}

std::string host_namespace(const std::string& kind) { return fs::read_symlink("/proc/self/ns/" + kind).string(); }

// sh's `times`: "0m0.050000s 0m0.010000s" for the shell, then for its children.
double seconds_of_times(const std::string& text) {
    double total = 0;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
        const auto m = word.find('m');
        if (m != std::string::npos && word.back() == 's') {
            total += std::stod(word.substr(0, m)) * 60 + std::stod(word.substr(m + 1, word.size() - m - 2));
        }
    }
    return total;
}

// "clone 1.400 ms, pivot_root 0.700 ms" (names may hold commas): the sum of the times.
double setup_steps_total_ms(const std::string& steps) {
    double total = 0;
    std::istringstream words(steps);
    std::string previous;
    for (std::string word; words >> word; previous = word) {
        if ((word == "ms" || word == "ms,") && !previous.empty()) total += std::stod(previous);
    }
    return total;
}

// The test script: a file, so that the command line (isotest.command) holds no XML markup.
fs::path write_script(const ScratchDir& scratch, const std::string& body) {
    const fs::path script = scratch / "test.sh";
    write_file(script, body);
    return script;
}

TEST(ReportProperties, EachIsWhatTheTestDid) {
    ScratchDir scratch;
    const std::string written = "/var/tmp/isotest-props-" + unique_token();
    const fs::path script = write_script(scratch, R"SH(
for ns in user pid mnt net ipc uts; do echo "ns_$ns $(readlink /proc/self/ns/$ns)"; done
echo "uid $(id -u)"
echo "hostname $(hostname)"
echo gone > )SH" + written + R"SH(
sleep 1000 &
echo "leftover $!"
cat > "${GTEST_OUTPUT#xml:}" <<'EOF'
<testsuite name="own"><testcase name="a"/><testcase name="b"><failure message="m"/></testcase></testsuite>
EOF
held=$(head -c 30000000 /dev/zero | tr '\0' a)
i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done
sleep 0.3
head -c 3000000 /dev/zero | tr '\0' o
echo
head -c 12345 /dev/zero | tr '\0' e >&2
echo "hwm_kib $(awk '/^VmHWM:/ { print $2 }' /proc/$$/status)"
echo "times $(times | tr '\n' ' ')"
exit 3
)SH");
    const fs::path report = scratch / "report.xml";
    RunRequest request;
    request.env["GTEST_OUTPUT"] = std::nullopt;
    request.args = {"--junit", report.string(), "--report-details", "--", "sh", script.string()};
    const auto started = std::chrono::steady_clock::now();
    const RunResult r = run_isotest(request);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(r.exit_code, 3) << r.describe().substr(0, 3000);
    const std::map<std::string, std::string> facts = facts_of(r.out);
    const std::map<std::string, std::string> p = properties_of(read_file(report));

    EXPECT_EQ(names_of(p), on_this_platform({
                               "isotest.version", "isotest.command", "isotest.namespaces", "isotest.net",
                               "isotest.fs", "isotest.uid_map", "isotest.hostname", "isotest.exit_code",
                               "isotest.wall_seconds", "isotest.user_seconds", "isotest.system_seconds",
                               "isotest.peak_rss_kib", "isotest.setup_seconds", "isotest.setup_steps",
                               "isotest.leftover_processes", "isotest.written_files", "isotest.network_attempts", "isotest.stdout_bytes",
                               "isotest.stderr_bytes", "isotest.own_results"}));
    EXPECT_EQ(p.at("isotest.version"), ISOTEST_PROJECT_VERSION);
    EXPECT_EQ(p.at("isotest.command"), "sh " + script.string());
    // Every namespace it names is one the test did not share with the host.
    EXPECT_EQ(p.at("isotest.namespaces"), "user,pid,mount,net,ipc,uts");
    for (const char* kind : {"user", "pid", "mnt", "net", "ipc", "uts"}) {
        EXPECT_NE(facts.at(std::string("ns_") + kind), host_namespace(kind)) << kind;
    }
    EXPECT_EQ(p.at("isotest.net"), "loopback");
    EXPECT_EQ(p.at("isotest.fs"), "overlay");
    EXPECT_EQ(p.at("isotest.uid_map"), "inside " + facts.at("uid") + " -> host " + std::to_string(::getuid()));
    EXPECT_EQ(p.at("isotest.hostname"), facts.at("hostname"));
    EXPECT_EQ(p.at("isotest.exit_code"), "3");
    // The run took at least the test's sleep, and no longer than the harness saw it take.
    const double wall = std::stod(p.at("isotest.wall_seconds"));
    EXPECT_GE(wall, 0.3);
    EXPECT_LE(wall, elapsed + 0.001);
    // CPU and memory of everything the test ran: at least what its shell counted for itself.
    EXPECT_GE(std::stod(p.at("isotest.user_seconds")) + std::stod(p.at("isotest.system_seconds")) + 0.01,
              seconds_of_times(facts.at("times")))
        << facts.at("times");
    EXPECT_GE(std::stol(p.at("isotest.peak_rss_kib")), std::stol(facts.at("hwm_kib")));
    EXPECT_GE(std::stol(facts.at("hwm_kib")), 29000) << "the shell held 30 MB";
    // Setup: the steps add up to the setup time, which comes before the test's 0.3 s.
    const double setup = std::stod(p.at("isotest.setup_seconds"));
    EXPECT_NEAR(setup_steps_total_ms(p.at("isotest.setup_steps")) / 1000, setup, 0.002) << p.at("isotest.setup_steps");
    EXPECT_GT(setup, 0);
    EXPECT_LT(setup, wall - 0.3);
    EXPECT_EQ(p.at("isotest.leftover_processes"), facts.at("leftover") + " sleep");
    EXPECT_EQ(p.at("isotest.written_files"), written);
    EXPECT_FALSE(fs::exists(written)) << "the write vanished with the overlay";
    // What the test wrote, whole, though the report kept 1 MiB of stdout.
    EXPECT_EQ(p.at("isotest.stdout_bytes"), std::to_string(r.out.size()));
    EXPECT_GT(r.out.size(), 3000000u);
    EXPECT_EQ(p.at("isotest.stderr_bytes"), std::to_string(r.err.size()));
    EXPECT_EQ(r.err, std::string(12345, 'e'));
    EXPECT_EQ(p.at("isotest.own_results"), "merged 2 test cases");
}

// Without --report-details, a report carries only what a person acts on.
TEST(ReportProperties, ByDefaultOnlyWhatAPersonActsOn) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    RunRequest request;
    request.env["GTEST_OUTPUT"] = std::nullopt;
    request.args = {"--junit", report.string(), "--memory", "512M", "--", "sh", "-c", "echo out; exit 3"};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 3) << r.describe();
    const std::map<std::string, std::string> p = properties_of(read_file(report));
    EXPECT_EQ(names_of(p), on_this_platform({"isotest.version", "isotest.command", "isotest.net", "isotest.exit_code",
                                             "isotest.leftover_processes", "isotest.written_files",
                                             "isotest.network_attempts"}));
    EXPECT_EQ(p.at("isotest.exit_code"), "3");
    EXPECT_EQ(p.at("isotest.network_attempts"), "none");
}

// --dev: the devices passed through, as the test sees them, also by default (someone acts on a
// host device in a test's reach); what it was given is what it found.
TEST(ReportProperties, DevicesNameWhatDevPassedThrough) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult r = run_isotest({"--junit", report.string(), "--dev", "/dev/nul[l]", "--dev", "/dev/net", "--", "sh",
                                     "-c", "test -c /dev/net/tun && test -c /dev/null"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(properties_of(read_file(report)).at("isotest.devices"), "/dev/net, /dev/null");
}

TEST(ReportProperties, HostNetworkAndLimits) {
    ScratchDir scratch;
    const fs::path script = write_script(scratch, R"SH(
echo "ns_net $(readlink /proc/self/ns/net)"
echo "address_space_kib $(ulimit -v)"
)SH");
    const fs::path report = scratch / "report.xml";
    const RunResult r = run_isotest({"--junit", report.string(), "--report-details", "--net", "host", "--memory", "512M", "--", "sh",
                                     script.string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::map<std::string, std::string> facts = facts_of(r.out);
    const std::map<std::string, std::string> p = properties_of(read_file(report));
    EXPECT_EQ(p.at("isotest.namespaces"), "user,pid,mount,ipc,uts");
    EXPECT_EQ(facts.at("ns_net"), host_namespace("net")) << "--net host shares the host's";
    EXPECT_EQ(p.at("isotest.net"), "host");
    EXPECT_EQ(facts.at("address_space_kib"), "524288");
    const std::string cgroup = p.at("isotest.cgroup_limits");
    EXPECT_TRUE(cgroup == "none (no writable cgroup: rlimits only)" || cgroup.starts_with("memory 512 MiB")) << cgroup;
    EXPECT_EQ(p.count("isotest.memory_limit_hit"), 0u);
    EXPECT_EQ(p.at("isotest.stdout_bytes"), std::to_string(r.out.size()));
    EXPECT_EQ(p.at("isotest.stderr_bytes"), "0");
    EXPECT_EQ(p.count("isotest.own_results"), 0u) << "the test wrote none";
}

TEST(ReportProperties, SignalTimeoutAndTermination) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";

    const RunResult killed = run_isotest({"--junit", report.string(), "--", "sh", "-c", "kill -KILL $$"});
    EXPECT_EQ(killed.killed_by_signal, SIGKILL) << killed.describe();
    std::map<std::string, std::string> p = properties_of(read_file(report));
    EXPECT_EQ(p.at("isotest.signal"), "SIGKILL");
    EXPECT_EQ(p.count("isotest.exit_code"), 0u);
    EXPECT_EQ(p.count("isotest.terminated_by"), 0u);

    const RunResult timed_out =
        run_isotest({"--junit", report.string(), "--report-details", "--timeout", "0.5", "--", "sleep", "100"});
    EXPECT_EQ(timed_out.exit_code, 124) << timed_out.describe();
    p = properties_of(read_file(report));
    EXPECT_EQ(p.at("isotest.timeout_seconds"), "0.500");
    EXPECT_EQ(p.at("isotest.signal"), "SIGTERM") << "what the sleep died of";
    EXPECT_GE(std::stod(p.at("isotest.wall_seconds")), 0.5);

    const fs::path ready = scratch / "ready";
    RunRequest request;
    request.args = {"--junit", report.string(), "--rw", scratch.str(), "--", "sh", "-c",
                    "echo > " + sh_quote(ready.string()) + "; exec sleep 100"};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(ready));
    ASSERT_EQ(::kill(running.pid(), SIGTERM), 0);
    const RunResult terminated = running.wait();
    EXPECT_EQ(terminated.killed_by_signal, SIGTERM) << terminated.describe();
    p = properties_of(read_file(report));
    EXPECT_EQ(p.at("isotest.terminated_by"), "SIGTERM");
    EXPECT_EQ(p.at("isotest.signal"), "SIGTERM") << "forwarded to the test, which died of it";
}

}  // namespace
}  // namespace itest
