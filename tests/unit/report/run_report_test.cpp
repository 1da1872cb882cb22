// The report of one run, for every kind of outcome: exact counts, the verdict element, the
// isotest.* properties, the captured output, hostile text; each validated with xmllint.
#include "report/run_report.hpp"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <map>
#include <string>

#include "report/junit_render.hpp"
#include "report/xml_text.hpp"
#include "report_test_support.hpp"
#include "xmllint.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

// The rendered report, parsed back with tinyxml2 directly (not our reader), for assertions.
class Rendered {
public:
    explicit Rendered(const SandboxSpec& spec, const Outcome& outcome)
        : xml(render_junit_xml(build_run_report(spec, outcome, fixed_host()).junit)) {
        EXPECT_EQ(document_.Parse(xml.c_str(), xml.size()), tinyxml2::XML_SUCCESS) << xml;
    }
    const tinyxml2::XMLElement& root() const { return *document_.RootElement(); }
    const tinyxml2::XMLElement& suite() const { return *root().FirstChildElement("testsuite"); }
    const tinyxml2::XMLElement& only_case() const {
        const tinyxml2::XMLElement* test_case = suite().FirstChildElement("testcase");
        EXPECT_EQ(test_case->NextSiblingElement("testcase"), nullptr);
        return *test_case;
    }
    std::map<std::string, std::string> properties() const {
        std::map<std::string, std::string> values;
        for (const auto* property = suite().FirstChildElement("properties")->FirstChildElement("property");
             property != nullptr; property = property->NextSiblingElement("property")) {
            values[property->Attribute("name")] = property->Attribute("value");
        }
        return values;
    }
    std::string text_of(const char* element) const {
        const tinyxml2::XMLElement* found = suite().FirstChildElement(element);
        return found != nullptr && found->GetText() != nullptr ? found->GetText() : "";
    }

    std::string xml;

private:
    tinyxml2::XMLDocument document_{true, tinyxml2::PRESERVE_WHITESPACE};
};

std::string attr(const tinyxml2::XMLElement& element, const char* name) {
    const char* value = element.Attribute(name);
    return value == nullptr ? "<absent>" : value;
}

void expect_counts(const Rendered& report, int tests, int failures, int errors, int skipped) {
    for (const tinyxml2::XMLElement* element : {&report.root(), &report.suite()}) {
        EXPECT_EQ(attr(*element, "tests"), std::to_string(tests)) << element->Name();
        EXPECT_EQ(attr(*element, "failures"), std::to_string(failures)) << element->Name();
        EXPECT_EQ(attr(*element, "errors"), std::to_string(errors)) << element->Name();
    }
    EXPECT_EQ(attr(report.suite(), "skipped"), std::to_string(skipped));
    // The Jenkins schema allows no `skipped` on <testsuites>.
    EXPECT_EQ(attr(report.root(), "skipped"), "<absent>");
}

// The verdict element: its type and message, and a body starting with the message.
void expect_verdict(const Rendered& report, const char* element, const std::string& type,
                    const std::string& message_start) {
    const tinyxml2::XMLElement* verdict = report.only_case().FirstChildElement(element);
    ASSERT_NE(verdict, nullptr) << report.xml;
    EXPECT_EQ(verdict->NextSiblingElement(), nullptr) << "one verdict element only";
    if (type.empty()) {
        EXPECT_EQ(attr(*verdict, "type"), "<absent>");
    } else {
        EXPECT_EQ(attr(*verdict, "type"), type);
    }
    const std::string message = attr(*verdict, "message");
    EXPECT_EQ(message.rfind(message_start, 0), 0u) << message;
    ASSERT_NE(verdict->GetText(), nullptr);
    EXPECT_EQ(std::string(verdict->GetText()).rfind(message, 0), 0u) << verdict->GetText();
    EXPECT_TRUE(valid_junit(report.xml));
    EXPECT_TRUE(valid_windyroad_in_ant_shape(report.xml));
}

TEST(RunReport, PassingRunHasTheShapeAndNamesOfTheRun) {
    const Rendered report(spec_running({"/usr/bin/unit_tests", "--fast"}), exited_with(0));
    expect_counts(report, 1, 0, 0, 0);
    EXPECT_EQ(attr(report.root(), "time"), "1.235");
    EXPECT_EQ(attr(report.suite(), "name"), "unit_tests");
    EXPECT_EQ(attr(report.suite(), "time"), "1.235");
    EXPECT_EQ(attr(report.suite(), "timestamp"), "2023-11-14T22:13:20");
    EXPECT_EQ(attr(report.suite(), "hostname"), "buildhost");
    EXPECT_EQ(attr(report.only_case(), "name"), "unit_tests");
    // The test's name, as CTest's --output-junit groups: viewers show one class per test.
    EXPECT_EQ(attr(report.only_case(), "classname"), "unit_tests");
    EXPECT_EQ(attr(report.only_case(), "time"), "1.235");
    EXPECT_EQ(report.only_case().FirstChildElement(), nullptr) << "a pass has no verdict element";
    // Nothing on either stream: no empty <system-out/>/<system-err/> for viewers to draw.
    EXPECT_EQ(report.suite().FirstChildElement("system-out"), nullptr) << report.xml;
    EXPECT_EQ(report.suite().FirstChildElement("system-err"), nullptr) << report.xml;
    EXPECT_TRUE(valid_junit(report.xml));
    EXPECT_TRUE(valid_windyroad_in_ant_shape(report.xml));
}

TEST(RunReport, NamesFromTheSpecWin) {
    SandboxSpec spec = spec_running({"./t"});
    spec.report.name = "case";
    spec.report.classname = "pkg.Class";
    spec.report.suite = "//pkg:target";
    const Rendered report(spec, exited_with(0));
    EXPECT_EQ(attr(report.suite(), "name"), "//pkg:target");
    EXPECT_EQ(attr(report.only_case(), "name"), "case");
    EXPECT_EQ(attr(report.only_case(), "classname"), "pkg.Class");
    EXPECT_TRUE(valid_junit(report.xml));
}

TEST(RunReport, NonzeroExitIsAFailure) {
    const Rendered report(spec_running({"./t"}), exited_with(3));
    expect_counts(report, 1, 1, 0, 0);
    expect_verdict(report, "failure", "isotest.ExitCode", "exited with status 3");
    EXPECT_EQ(attr(*report.only_case().FirstChildElement("failure"), "message"), "exited with status 3");
    EXPECT_EQ(report.properties().at("isotest.exit_code"), "3");
}

TEST(RunReport, SkipExitCodeIsSkipped) {
    SandboxSpec spec = spec_running({"./t"});
    spec.report.skip_exit_code = 77;
    const Rendered report(spec, exited_with(77));
    expect_counts(report, 1, 0, 0, 1);
    expect_verdict(report, "skipped", "", "skipped: exited with status 77");
}

TEST(RunReport, SkipExitCodeOnlyMatchesItsOwnStatus) {
    SandboxSpec spec = spec_running({"./t"});
    spec.report.skip_exit_code = 77;
    const Rendered report(spec, exited_with(1));
    expect_counts(report, 1, 1, 0, 0);
}

TEST(RunReport, SignalIsAnErrorNamingIt) {
    Outcome outcome = exited_with(0);
    outcome.kind = OutcomeKind::signaled;
    outcome.signal = 11;
    outcome.core_dumped = true;
    const Rendered report(spec_running({"./t"}), outcome);
    expect_counts(report, 1, 0, 1, 0);
    expect_verdict(report, "error", "isotest.Signal", "killed by signal SIGSEGV (core dumped)");
    EXPECT_EQ(report.properties().at("isotest.signal"), "SIGSEGV (core dumped)");
    EXPECT_EQ(report.properties().count("isotest.exit_code"), 0u);
}

TEST(RunReport, TimeoutIsAnError) {
    SandboxSpec spec = spec_running({"./t"});
    spec.timeout_seconds = 2.5;
    Outcome outcome = exited_with(0);
    outcome.kind = OutcomeKind::timed_out;
    const Rendered report(spec, outcome);
    expect_counts(report, 1, 0, 1, 0);
    expect_verdict(report, "error", "isotest.Timeout", "timed out after 2.500 s");
    EXPECT_EQ(report.properties().at("isotest.timeout_seconds"), "2.500");
}

TEST(RunReport, SetupFailureIsASandboxErrorWithItsMessage) {
    Outcome outcome = exited_with(0);
    outcome.kind = OutcomeKind::setup_failed;
    outcome.exit_code = 125;
    outcome.message = "write /proc/self/uid_map: Operation not permitted (AppArmor restricts user namespaces)";
    const Rendered report(spec_running({"./t"}), outcome);
    expect_counts(report, 1, 0, 1, 0);
    expect_verdict(report, "error", "isotest.SandboxError", outcome.message);
    EXPECT_EQ(attr(*report.only_case().FirstChildElement("error"), "message"), outcome.message);
    EXPECT_EQ(report.properties().at("isotest.exit_code"), "125");
}

TEST(RunReport, TerminationOfIsotestIsAnErrorWhateverTheTestDid) {
    Outcome outcome = exited_with(0);
    outcome.terminating_signal = 15;
    const Rendered report(spec_running({"./t"}), outcome);
    expect_counts(report, 1, 0, 1, 0);
    expect_verdict(report, "error", "isotest.Terminated",
                   "terminated: isotest received SIGTERM; the test exited with status 0");
    EXPECT_EQ(report.properties().at("isotest.terminated_by"), "SIGTERM");
}

TEST(RunReport, FailureBodyEndsWithTheLastLinesOfStderr) {
    Outcome outcome = exited_with(1);
    outcome.output_captured = true;
    for (int line = 1; line <= 30; ++line) outcome.stderr_capture.append("line " + std::to_string(line) + "\n");
    const Rendered report(spec_running({"./t", "arg"}), outcome);
    const std::string body = report.only_case().FirstChildElement("failure")->GetText();
    EXPECT_NE(body.find("command: ./t arg\n"), std::string::npos) << body;
    EXPECT_NE(body.find("last lines of stderr:\nline 11\n"), std::string::npos) << body;
    EXPECT_EQ(body.find("line 10\n"), std::string::npos) << body;
    EXPECT_EQ(body.substr(body.size() - 8), "line 30\n");
}

// Why a test failed is often on stdout only (Unity's "FAIL: Expected 42 Was 41"): a viewer that
// shows only the failure body shows it too, labelled, bounded like stderr's tail.
TEST(RunReport, FailureBodyHasTheTailOfStdoutToo) {
    Outcome outcome = exited_with(1);
    outcome.output_captured = true;
    outcome.stdout_capture.append(std::string(10000, 'x') + "\n");
    for (int line = 1; line <= 30; ++line) outcome.stdout_capture.append("out " + std::to_string(line) + "\n");
    outcome.stdout_capture.append("test.c:12:test_answer:FAIL: Expected 42 Was 41");
    outcome.stderr_capture.append("err 1\n");
    const Rendered report(spec_running({"./t"}), outcome);
    const std::string body = report.only_case().FirstChildElement("failure")->GetText();
    EXPECT_NE(body.find("last lines of stdout:\nout 12\n"), std::string::npos) << body;
    EXPECT_EQ(body.find("out 11\n"), std::string::npos) << body;
    EXPECT_EQ(body.find("xxx"), std::string::npos) << body;
    EXPECT_NE(body.find("FAIL: Expected 42 Was 41\nlast lines of stderr:\nerr 1\n"), std::string::npos) << body;
    // A stream that stayed empty gets no label.
    Outcome quiet = exited_with(1);
    quiet.output_captured = true;
    quiet.stdout_capture.append("only stdout\n");
    const Rendered quiet_report(spec_running({"./t"}), quiet);
    const std::string quiet_body = quiet_report.only_case().FirstChildElement("failure")->GetText();
    EXPECT_NE(quiet_body.find("last lines of stdout:\nonly stdout\n"), std::string::npos) << quiet_body;
    EXPECT_EQ(quiet_body.find("stderr"), std::string::npos) << quiet_body;
}

// The caller gave one stream for stdout and stderr (2>&1): so did the test, and its capture is
// all in stdout; the body and the properties say so instead of showing an empty stderr.
TEST(RunReport, MergedStreamsAreNamedAsOne) {
    Outcome outcome = exited_with(1);
    outcome.output_captured = true;
    outcome.stderr_in_stdout = true;
    outcome.stdout_capture.append("out 1\nerr 1\n");
    SandboxSpec spec = spec_running({"./t"});
    spec.report.details = true;
    const Rendered report(spec, outcome);
    const std::string body = report.only_case().FirstChildElement("failure")->GetText();
    EXPECT_NE(body.find("last lines of stdout and stderr:\nout 1\nerr 1\n"), std::string::npos) << body;
    EXPECT_EQ(report.properties().count("isotest.stderr_bytes"), 0u);
    EXPECT_EQ(report.properties().at("isotest.stderr"), "in stdout: the caller gave stdout and stderr as one stream");
    EXPECT_EQ(report.properties().at("isotest.stdout_bytes"), "12");
}

TEST(RunReport, PropertiesDescribeTheIsolation) {
    SandboxSpec spec = spec_running({"/bin/t", "x"});
    spec.hostname = "sandbox";
    spec.report.details = true;
    Outcome outcome = exited_with(0);
    outcome.leftover_processes = {"12 sleep", "13 daemon"};
    outcome.written_files = {"/home/u/.cache/x", "/etc/y"};
    outcome.written_files_total = 5;
    outcome.setup_steps = {{"clone", 1.4}, {"pivot_root", 0.7}};
    outcome.output_captured = true;
    outcome.stdout_capture.append("12345");
    const Rendered report(spec, outcome);
    const std::map<std::string, std::string> expected = {
        {"isotest.version", ISOTEST_VERSION},
        {"isotest.command", "/bin/t x"},
        {"isotest.namespaces", "user,pid,mount,net,ipc,uts"},
        {"isotest.net", "loopback"},
        {"isotest.fs", "overlay"},
        {"isotest.uid_map", "inside 1000 -> host 1000"},
        {"isotest.hostname", "sandbox"},
        {"isotest.exit_code", "0"},
        {"isotest.wall_seconds", "1.235"},
        {"isotest.user_seconds", "0.500"},
        {"isotest.system_seconds", "0.250"},
        {"isotest.peak_rss_kib", "4096"},
        {"isotest.setup_seconds", "0.011"},
        {"isotest.setup_steps", "clone 1.400 ms, pivot_root 0.700 ms"},
        {"isotest.leftover_processes", "12 sleep, 13 daemon"},
        {"isotest.written_files", "/home/u/.cache/x, /etc/y (+3 more)"},
        {"isotest.stdout_bytes", "5"},
        {"isotest.stderr_bytes", "0"},
    };
    EXPECT_EQ(report.properties(), expected);
    EXPECT_TRUE(valid_junit(report.xml));

    // Without --report-details, only what a person acts on.
    spec.report.details = false;
    const std::map<std::string, std::string> acted_on = {
        {"isotest.version", ISOTEST_VERSION},
        {"isotest.command", "/bin/t x"},
        {"isotest.net", "loopback"},
        {"isotest.exit_code", "0"},
        {"isotest.leftover_processes", "12 sleep, 13 daemon"},
        {"isotest.written_files", "/home/u/.cache/x, /etc/y (+3 more)"},
    };
    EXPECT_EQ(Rendered(spec, outcome).properties(), acted_on);
}

// The report main() writes moves the captures into <system-out>/<system-err>: the byte counts
// must still be those of the whole streams, not of what was kept (nor 0, as they once were).
TEST(RunReport, ByteCountsAreTheWholeStreamsEvenWhenTheCapturesAreMovedOut) {
    Outcome outcome = exited_with(0);
    outcome.output_captured = true;
    outcome.stdout_capture = BoundedCapture(1000);
    outcome.stdout_capture.append(std::string(300000, 'o'));
    outcome.stderr_capture.append("12345");
    SandboxSpec spec = spec_running({"./t"});
    spec.report.details = true;
    const JunitReport report = build_run_report(spec, std::move(outcome), fixed_host()).junit;
    const TestSuite& suite = report.suites.at(0);
    EXPECT_EQ(property_value(suite, "isotest.stdout_bytes"), "300000");
    EXPECT_EQ(property_value(suite, "isotest.stderr_bytes"), "5");
    EXPECT_EQ(suite.system_err, "12345");
    EXPECT_LT(suite.system_out.size(), 1100u);
}

TEST(RunReport, LeftoverProcessesPastTheListAreCounted) {
    Outcome outcome = exited_with(0);
    outcome.leftover_processes = {"12 sleep", "13 sleep"};
    outcome.leftover_processes_total = 5000;
    const Rendered report(spec_running({"./t"}), outcome);
    EXPECT_EQ(report.properties().at("isotest.leftover_processes"), "12 sleep, 13 sleep (+4998 more)");
}

// --dev: what was passed through, as the test sees it (the host's path where a symlink led
// elsewhere); 100 listed, the rest counted; no property without --dev.
TEST(RunReport, DevicesPassedThroughAreListedAndBounded) {
    SandboxSpec spec = spec_running({"./t"});
    EXPECT_EQ(Rendered(spec, exited_with(0)).properties().count("isotest.devices"), 0u);
    spec.devices = {{"/dev/dri", "/dev/dri"}, {"/dev/nvidia-gpu0", "/dev/nvidia0"}};
    EXPECT_EQ(Rendered(spec, exited_with(0)).properties().at("isotest.devices"),
              "/dev/dri, /dev/nvidia0 (host /dev/nvidia-gpu0)");
    spec.devices.clear();
    for (int i = 0; i < 250; ++i) spec.devices.push_back({"/dev/d" + std::to_string(i), "/dev/d" + std::to_string(i)});
    const std::string listed = Rendered(spec, exited_with(0)).properties().at("isotest.devices");
    EXPECT_NE(listed.find("/dev/d99 (+150 more)"), std::string::npos) << listed;
    EXPECT_EQ(listed.find("/dev/d100"), std::string::npos) << listed;
}

// Without root before Linux 6.6 a host directory cannot be removed inside: a failed run's report
// says so in a property and in the failure body (the test saw only EIO).
TEST(RunReport, TheOverlayLimitIsSaidWhereItApplies) {
    EXPECT_EQ(Rendered(spec_running({"./t"}), exited_with(1)).properties().count("isotest.overlay_limit"), 0u);
    Outcome outcome = exited_with(1);
    outcome.overlay_limit = "removing or renaming a directory of the host inside the sandbox fails with EIO on this kernel";
    const Rendered report(spec_running({"./t"}), outcome);
    EXPECT_EQ(report.properties().at("isotest.overlay_limit"), outcome.overlay_limit);
    // A run that passed has nothing to explain, but for --report-details.
    Outcome passed = exited_with(0);
    passed.overlay_limit = outcome.overlay_limit;
    SandboxSpec spec = spec_running({"./t"});
    EXPECT_EQ(Rendered(spec, passed).properties().count("isotest.overlay_limit"), 0u);
    spec.report.details = true;
    EXPECT_EQ(Rendered(spec, passed).properties().at("isotest.overlay_limit"), outcome.overlay_limit);
    EXPECT_NE(std::string(report.only_case().FirstChildElement("failure")->GetText())
                  .find("note: " + outcome.overlay_limit + "\n"),
              std::string::npos);
}

// --record-network: the attempts in the property, with how often and when first; the failure
// message names the first few and the body all of them; nothing tried reads "none".
TEST(RunReport, NetworkAttemptsAreListedAndNamedInTheFailure) {
    SandboxSpec recording = spec_running({"./t"});
    recording.record_network = true;
    Outcome outcome = exited_with(1);
    outcome.network_attempts = {{"dns example.org", 0.0125, 2}, {"tcp 192.0.2.1:80", 0.5, 1},
                                {"udp [2001:db8::1]:443", 0.75, 1}, {"icmp 192.0.2.1", 1, 3}};
    outcome.network_attempts_unlisted = 10;
    const Rendered report(recording, outcome);
    const std::string all =
        "dns example.org (2 times, first at 0.013 s), tcp 192.0.2.1:80 (first at 0.500 s), udp [2001:db8::1]:443 "
        "(first at 0.750 s), icmp 192.0.2.1 (3 times, first at 1.000 s) (+10 more)";
    EXPECT_EQ(report.properties().at("isotest.network_attempts"), all);
    expect_verdict(report, "failure", "isotest.ExitCode",
                   "exited with status 1; network attempts refused: dns example.org (2 times, first at 0.013 s), "
                   "tcp 192.0.2.1:80 (first at 0.500 s), udp [2001:db8::1]:443 (first at 0.750 s) (+11 more)");
    EXPECT_NE(std::string(report.only_case().FirstChildElement("failure")->GetText())
                  .find("network attempts refused by isotest: " + all + "\n"),
              std::string::npos);

    outcome = exited_with(0);
    EXPECT_EQ(Rendered(recording, outcome).properties().at("isotest.network_attempts"), "none");
    outcome.network_unrecorded = "open /dev/net/tun: No such file or directory";
    EXPECT_EQ(Rendered(recording, outcome).properties().at("isotest.network_attempts"),
              "not recorded: open /dev/net/tun: No such file or directory");
    // Off: no property, and a failure says nothing of the network.
    const Rendered off(spec_running({"./t"}), exited_with(1));
    EXPECT_EQ(off.properties().count("isotest.network_attempts"), 0u);
}

// Whatever a report holds, no text node or attribute value passes libxml2's limit of
// 10,000,000 bytes: xmllint reads it without --huge. Cleaning can make text four times longer.
TEST(RunReport, NoTextPassesLibxml2sLimit) {
    JunitReport report;
    TestSuite suite;
    suite.name = std::string(3'000'000, '\x01');  // 12 MB as "\x01" markers
    suite.system_out = std::string(3'000'000, '\xff');
    suite.system_err = std::string(3'000'000, '&');  // 15 MB escaped, yet one 3 MB text
    suite.properties.push_back({std::string(2'000'000, '"'), std::string(2'000'000, '"')});  // 6 bytes each, escaped
    TestCase test_case;
    test_case.name = "t";
    test_case.verdict = Verdict::failed;
    test_case.detail = std::string(12'000'000, 'd');
    suite.cases.push_back(test_case);
    report.suites.push_back(suite);
    const std::string xml = render_junit_xml(report);
    TempDir dir;
    write_text_file(dir.file("r.xml"), xml);
    EXPECT_TRUE(testsupport::xmllint_accepts(dir.file("r.xml")));  // libxml2 without its "huge" option

    tinyxml2::XMLDocument document;
    ASSERT_EQ(document.Parse(xml.c_str(), xml.size()), tinyxml2::XML_SUCCESS);
    const auto* parsed_suite = document.RootElement()->FirstChildElement("testsuite");
    const std::string out = parsed_suite->FirstChildElement("system-out")->GetText();
    EXPECT_LE(out.size(), 10'000'000u);
    EXPECT_GT(out.size(), 9'900'000u) << "cut close to the limit, not far below it";
    // Each byte written became the four of "\xff"; the marker counts the bytes that were not.
    const std::size_t marker = out.rfind("[isotest: ");
    ASSERT_NE(marker, std::string::npos);
    EXPECT_EQ(out.substr(marker), "[isotest: " + std::to_string(3'000'000 - marker / 4) + " more bytes cut]");
    const std::string name = parsed_suite->Attribute("name");
    EXPECT_LE(name.size(), (256u << 10) + 64);
    EXPECT_TRUE(name.ends_with(" more bytes cut]"));
    const std::string detail = parsed_suite->FirstChildElement("testcase")->FirstChildElement("failure")->GetText();
    EXPECT_LE(detail.size(), 10'000'000u);
    EXPECT_TRUE(detail.ends_with(" more bytes cut]"));
}

TEST(RunReport, CgroupLimitsAndAnOutOfMemoryKillAreReported) {
    SandboxSpec spec = spec_running({"./t"});
    spec.report.details = true;
    EXPECT_EQ(Rendered(spec, exited_with(0)).properties().count("isotest.cgroup_limits"), 0u) << "no limit asked for";

    spec.memory_bytes = 64u << 20;
    EXPECT_EQ(Rendered(spec, exited_with(0)).properties().at("isotest.cgroup_limits"),
              "none (no writable cgroup: rlimits only)");

    Outcome killed = exited_with(0);
    killed.kind = OutcomeKind::signaled;
    killed.signal = 9;
    killed.cgroup_limits = "memory 64 MiB (cgroup v1)";
    killed.memory_limit_hit = true;
    const Rendered report(spec, killed);
    EXPECT_EQ(report.properties().at("isotest.cgroup_limits"), "memory 64 MiB (cgroup v1)");
    EXPECT_EQ(report.properties().at("isotest.memory_limit_hit"), "true");
    spec.report.details = false;
    EXPECT_EQ(Rendered(spec, killed).properties().at("isotest.memory_limit_hit"), "true") << "a limit hit is acted on";
    EXPECT_EQ(Rendered(spec, killed).properties().count("isotest.process_limit_hit"), 0u);
    Outcome forks = exited_with(0);
    forks.process_limit_hit = true;
    EXPECT_EQ(Rendered(spec, forks).properties().at("isotest.process_limit_hit"), "true") << "a limit hit is acted on";
    expect_verdict(report, "error", "isotest.Signal", "killed by signal SIGKILL: out of memory at the --memory limit");
}

TEST(RunReport, PropertiesForHostNetworkRootAndReadonly) {
    SandboxSpec spec = spec_running({"./t"});
    spec.net = NetMode::host;
    spec.fs = FsMode::readonly;
    spec.root = true;
    spec.report.details = true;
    const Rendered report(spec, exited_with(0));
    const auto properties = report.properties();
    EXPECT_EQ(properties.at("isotest.namespaces"), "user,pid,mount,ipc,uts");
    EXPECT_EQ(properties.at("isotest.net"), "host");
    EXPECT_EQ(properties.at("isotest.fs"), "readonly");
    EXPECT_EQ(properties.at("isotest.uid_map"), "inside 0 -> host 1000");
    EXPECT_EQ(properties.at("isotest.leftover_processes"), "none");
    EXPECT_EQ(properties.at("isotest.written_files"), "none");
    EXPECT_EQ(properties.count("isotest.stdout_bytes"), 0u) << "output was not captured";
}

TEST(RunReport, CapturedOutputGoesToTheSuite) {
    Outcome outcome = exited_with(0);
    outcome.output_captured = true;
    outcome.stdout_capture.append("hello\nworld\n");
    outcome.stderr_capture.append("warning: x < y && ]]>\r\n");
    const Rendered report(spec_running({"./t"}), outcome);
    EXPECT_EQ(report.text_of("system-out"), "hello\nworld\n");
    EXPECT_EQ(report.text_of("system-err"), "warning: x < y && ]]>\n");
    EXPECT_NE(report.xml.find("]]&gt;"), std::string::npos) << "'>' of ]]> is escaped";
    EXPECT_EQ(report.xml.find("CDATA"), std::string::npos);
    EXPECT_TRUE(valid_junit(report.xml));
}

TEST(RunReport, TruncatedCaptureKeepsHeadTailAndMarkerAndStaysSmall) {
    Outcome outcome = exited_with(1);
    outcome.output_captured = true;
    outcome.stdout_capture = BoundedCapture(1000);
    // 5 MB of output with hostile bytes at every cut point a 1000-byte capture can have.
    std::string chunk;
    for (int byte = 0; byte < 256; ++byte) chunk += static_cast<char>(byte);
    chunk += "\xe2\x82\xac\xf0\x9f\x98\x80";
    for (int i = 0; i < 5 * 1024 * 1024 / static_cast<int>(chunk.size()); ++i) outcome.stdout_capture.append(chunk);
    ASSERT_TRUE(outcome.stdout_capture.truncated());
    SandboxSpec spec = spec_running({"./t"});
    spec.report.details = true;
    const Rendered report(spec, outcome);
    const std::string out = report.text_of("system-out");
    EXPECT_NE(out.find("bytes of output omitted]"), std::string::npos);
    EXPECT_EQ(out, clean_xml_text(outcome.stdout_capture.text()));
    EXPECT_LT(report.xml.size(), 16u * 1024);
    EXPECT_EQ(report.properties().at("isotest.stdout_bytes"), std::to_string(outcome.stdout_capture.total_bytes()));
    EXPECT_TRUE(valid_junit(report.xml));
}

TEST(RunReport, HostileTextEverywhereRoundTripsThroughXmllintAndTinyxml2) {
    std::string hostile = "NUL[";
    hostile += '\0';
    hostile += "] ESC[\x1b[31m] ]]> <&>\"' CRLF\r\n lone\r FFFE[\xef\xbf\xbe] FFFF[\xef\xbf\xbf] "
               "overlong[\xc0\xaf] surrogate[\xed\xa0\x80] truncated[\xe2\x82] C1[\xc2\x85] DEL[\x7f] "
               "max[\xf4\x8f\xbf\xbf] beyond[\xf4\x90\x80\x80] &#27; ";
    for (int byte = 0; byte < 256; ++byte) hostile += static_cast<char>(byte);
    for (int first = 0xc0; first < 0x100; first += 3) {
        for (int second = 0; second < 0x100; second += 5) {
            hostile += static_cast<char>(first);
            hostile += static_cast<char>(second);
        }
    }

    SandboxSpec spec = spec_running({"./" + hostile, hostile});
    spec.hostname = hostile;
    spec.report.classname = hostile;
    spec.report.suite = hostile;
    spec.report.details = true;
    Outcome outcome = exited_with(0);
    outcome.kind = OutcomeKind::setup_failed;
    outcome.message = hostile;
    outcome.leftover_processes = {hostile};
    outcome.written_files = {hostile};
    outcome.output_captured = true;
    outcome.stdout_capture.append(hostile);
    outcome.stderr_capture.append(hostile);
    const Rendered report(spec, outcome);

    ASSERT_TRUE(valid_junit(report.xml));
    EXPECT_TRUE(valid_windyroad_in_ant_shape(report.xml));
    EXPECT_EQ(report.xml.find("&#"), std::string::npos) << "no numeric character references";
    EXPECT_EQ(report.xml.find('\x1b'), std::string::npos) << "no raw ESC";
    EXPECT_EQ(report.xml.find('\r'), std::string::npos);
    EXPECT_EQ(report.text_of("system-out"), clean_xml_text(hostile));
    EXPECT_EQ(report.text_of("system-err").rfind(clean_xml_text(hostile), 0), 0u);
    EXPECT_EQ(attr(report.suite(), "name"), clean_xml_attribute(hostile));
    EXPECT_EQ(attr(report.only_case(), "classname"), clean_xml_attribute(hostile));
    EXPECT_EQ(report.properties().at("isotest.hostname"), clean_xml_attribute(hostile));
    EXPECT_NE(report.text_of("system-out").find("ESC[\\x1b[31m]"), std::string::npos);
    EXPECT_NE(report.text_of("system-out").find("NUL[\\x00]"), std::string::npos);
}

}  // namespace
}  // namespace isotest::report
