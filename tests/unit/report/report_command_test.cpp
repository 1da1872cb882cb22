// `isotest report FILE|DIR...`: the terminal summary and its exit status.
#include <gtest/gtest.h>

#include <sstream>

#include "report/junit_render.hpp"
#include "report/run_report.hpp"
#include "cli/subcommands.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

CommandRun report(const std::vector<std::string>& args, bool terminal = false, bool no_color = false) {
    return run_report(args, terminal, no_color);
}

std::string last_line(const std::string& text) {
    const auto end = text.find_last_not_of('\n');
    const auto start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

TEST(ReportCommand, SummarisesFailuresSlowestTestsAndTotals) {
    const CommandRun run = report({sample_path("gtest-1.12.1.xml"), sample_path("ctest-3.25.1.xml")});
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.err, "");
    const std::string& out = run.out;
    EXPECT_NE(out.find("Failures and errors:\n  FAILED Arithmetic.FailsTwice  (" + sample_path("gtest-1.12.1.xml") +
                       ")\n      sample_test.cpp:8\n      Expected equality of these values:\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("  FAILED Numbers/Param.IsEven/1"), std::string::npos);
    EXPECT_NE(out.find("  FAILED fails.fails  (" + sample_path("ctest-3.25.1.xml") + ")\n      (no message)\n"),
              std::string::npos)
        << out;
    const auto slowest = out.find("Slowest tests:\n");
    ASSERT_NE(slowest, std::string::npos) << out;
    const auto first_slow = out.find('\n', slowest) + 1;
    EXPECT_EQ(out.substr(first_slow, out.find('\n', first_slow) - first_slow), "      0.208 s  slow.slow")
        << "slowest first";
    EXPECT_NE(out.find("s  Arithmetic.Sleeps\n", slowest), std::string::npos);
    EXPECT_EQ(last_line(out), "13 tests: 5 passed, 4 failed, 0 errors, 4 skipped in 0.025 s (2 files, 3 suites)");
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << "plain when not a terminal";
}

TEST(ReportCommand, MessageFirstThenTheBody) {
    const CommandRun run = report({sample_path("pytest-7.2.1.xml")});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.out.find("  FAILED test_sample.test_fails  (" + sample_path("pytest-7.2.1.xml") +
                           ")\n      assert (1 + 1) == 3\n      def test_fails():\n"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("  ERROR  test_sample.test_errors_in_fixture  ("), std::string::npos) << run.out;
    EXPECT_EQ(last_line(run.out), "7 tests: 3 passed, 1 failed, 1 errors, 2 skipped in 0.097 s (1 file, 1 suite)");
}

TEST(ReportCommand, AllPassedExitsZero) {
    TempDir dir;
    write_text_file(dir.file("ok.xml"),
                    render_junit_xml(build_run_report(spec_running({"./t"}), exited_with(0), fixed_host()).junit));
    const CommandRun run = report({dir.path().string()});
    EXPECT_EQ(run.status, 0) << run.out << run.err;
    EXPECT_EQ(run.out.find("Failures"), std::string::npos);
    EXPECT_NE(run.out.find("Hermeticity: 1 isotest run, none wrote outside its writable paths, left processes running, "
                           "tried the network or hit a limit\n"),
              std::string::npos)
        << run.out;
    EXPECT_EQ(run.out.find("Isolation:"), std::string::npos) << "nothing to say about the test's own results";
    EXPECT_EQ(last_line(run.out), "1 tests: 1 passed, 0 failed, 0 errors, 0 skipped in 1.235 s (1 file, 1 suite)");
}

TEST(ReportCommand, IsolationFindingsAreListed) {
    TempDir dir;
    Outcome outcome = exited_with(0);
    outcome.leftover_processes = {"42 sleep"};
    outcome.written_files = {"/home/u/.cache/x"};
    outcome.written_files_total = 3;
    SandboxSpec spec = spec_running({"./t"});
    spec.report.suite = "suite1";
    write_text_file(dir.file("r.xml"), render_junit_xml(build_run_report(spec, outcome, fixed_host()).junit));
    const CommandRun run = report({dir.file("r.xml")});
    EXPECT_EQ(run.status, 0);
    const std::string where = "(" + dir.file("r.xml") + ")";
    EXPECT_NE(run.out.find("  left processes running (1):\n    suite1  42 sleep  " + where + "\n"), std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("  wrote outside their writable paths (1):\n    suite1  /home/u/.cache/x (+2 more)  " + where + "\n"),
              std::string::npos)
        << run.out;
}

TEST(ReportCommand, OwnResultsThatWereCutOrRefusedAreListed) {
    TempDir dir;
    Outcome refused = exited_with(0);
    refused.own_xml_refused = "a symbolic link";
    Outcome cut = exited_with(0);
    cut.own_xml = "<testsuite name='s'><testcase name='" + std::string(2000, 'n') + "'/></testsuite>";
    Outcome whole = exited_with(0);
    whole.own_xml = "<testsuite name='s'><testcase name='n'/></testsuite>";
    SandboxSpec spec = spec_running({"./t"});
    for (const auto& [name, outcome] : {std::pair{"refused", &refused}, std::pair{"cut", &cut}, std::pair{"whole", &whole}}) {
        spec.report.suite = name;
        write_text_file(dir.file(std::string(name) + ".xml"),
                        render_junit_xml(build_run_report(spec, *outcome, fixed_host()).junit));
    }
    const CommandRun run = report({dir.path().string()});
    EXPECT_NE(run.out.find("  refused (" + dir.file("refused.xml") +
                           "): the test's own JUnit XML: refused (a symbolic link); ignored\n"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("  cut (" + dir.file("cut.xml") +
                           "): the test's own JUnit XML: merged 1 test case; cut 1 name to 1024 bytes\n"),
              std::string::npos)
        << run.out;
    EXPECT_EQ(run.out.find("  whole ("), std::string::npos) << "a complete merge is no finding\n" << run.out;
}

TEST(ReportCommand, ColourOnlyOnATerminalWithoutNoColor) {
    const std::string file = sample_path("pytest-7.2.1.xml");
    EXPECT_NE(report({file}, true, false).out.find("\x1b[1;31mFAILED\x1b[0m"), std::string::npos);
    EXPECT_EQ(report({file}, true, true).out.find('\x1b'), std::string::npos);
    EXPECT_EQ(report({file}, false, false).out.find('\x1b'), std::string::npos);
    EXPECT_NE(report({"--color=always", file}, false, true).out.find('\x1b'), std::string::npos);
    EXPECT_EQ(report({"--color", "never", file}, true, false).out.find('\x1b'), std::string::npos);
}

TEST(ReportCommand, EscapeSequencesFromReportsAreNotSentToTheTerminal) {
    TempDir dir;
    write_text_file(dir.file("evil.xml"),
                    "<testsuite name='s'><testcase name='a&#27;]2;pwned&#7;'>"
                    "<failure message='&#27;[2J cleared'>&#27;[2J</failure></testcase></testsuite>");
    const CommandRun run = report({dir.file("evil.xml")}, true);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.out.find("FAILED\x1b[0m a\\x1b]2;pwned\\x07  ("), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("      \\x1b[2J\n"), std::string::npos) << run.out;
    // Only our own colour codes reach the terminal.
    std::string without_ours = run.out;
    for (const char* code : {"\x1b[1;31m", "\x1b[1;32m", "\x1b[33m", "\x1b[1m", "\x1b[0m"}) {
        for (auto at = without_ours.find(code); at != std::string::npos; at = without_ours.find(code)) {
            without_ours.erase(at, std::string(code).size());
        }
    }
    EXPECT_EQ(without_ours.find('\x1b'), std::string::npos) << without_ours;
}

TEST(ReportCommand, BadInputExits125WithOneLine) {
    TempDir dir;
    write_text_file(dir.file("bad.xml"), "<testsuites>\n<testsuite name='x'>\n");
    CommandRun run = report({dir.file("bad.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: " + dir.file("bad.xml") + ":2: not well-formed XML (parsing)\n");
    EXPECT_EQ(run.out, "");
    run = report({});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: report: no input reports; usage: isotest report [--color auto|always|never] "
                       "[--format text|json] FILE|DIR...\n");
    run = report({"--color=sometimes", sample_path("pytest-7.2.1.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: report: --color must be auto, always or never, not 'sometimes'\n");
    run = report({"-h"});
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("--color"), std::string::npos);
}

}  // namespace
}  // namespace isotest::report
