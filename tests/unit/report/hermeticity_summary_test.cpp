// `isotest report`'s hermeticity section, text and JSON, from hand-written reports: which runs
// wrote outside their writable paths, left processes running, tried the network
// (isotest.network_attempts, read as text) or hit a limit, grouped, the few among many.
#include "report/hermeticity_summary.hpp"

#include <gtest/gtest.h>


#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;

// One isotest run's report: suite NAME with these properties besides isotest.version.
std::string run_xml(const std::string& name, const std::vector<std::pair<std::string, std::string>>& properties) {
    std::string xml = "<testsuites><testsuite name=\"" + name +
                      "\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\"><properties>"
                      "<property name=\"isotest.version\" value=\"0.1.0\"/>";
    for (const auto& [property, value] : properties) {
        xml += "<property name=\"" + property + "\" value=\"" + value + "\"/>";
    }
    return xml + "</properties><testcase name=\"" + name + "\" classname=\"" + name + "\"/></testsuite></testsuites>";
}

CommandRun report(const std::vector<std::string>& args) { return run_report(args); }

std::string section(const std::string& out) {
    const auto start = out.find("Hermeticity:");
    if (start == std::string::npos) return "";
    return out.substr(start, out.find("\n\n", start) - start + 1);
}

class HermeticitySummary : public ::testing::Test {
protected:
    void add(const std::string& name, const std::vector<std::pair<std::string, std::string>>& properties) {
        write_text_file(dir_.file(name + ".xml"), run_xml(name, properties));
    }
    std::string file(const std::string& name) const { return dir_.file(name + ".xml"); }
    std::string dir() const { return dir_.path().string(); }

private:
    TempDir dir_;
};

TEST_F(HermeticitySummary, GroupsTheOffendingRunsByWhatTheyDid) {
    for (int i = 0; i < 20; ++i) {
        add("clean" + std::to_string(i), {{"isotest.written_files", "none"}, {"isotest.leftover_processes", "none"},
                                          {"isotest.network_attempts", "none"}});
    }
    add("writes", {{"isotest.written_files", "/home/u/.cache/x (+2 more)"}});
    add("daemon", {{"isotest.leftover_processes", "42 sleep"}, {"isotest.written_files", "/var/tmp/pid"}});
    add("fetches", {{"isotest.network_attempts", "dns example.invalid (2), tcp 192.0.2.1:443"}});
    add("hungry", {{"isotest.memory_limit_hit", "true"}});
    add("forks", {{"isotest.process_limit_hit", "true"}});
    add("quiet_net", {{"isotest.network_attempts", ""}});
    add("no_tun", {{"isotest.network_attempts", "not recorded: open /dev/net/tun: No such file or directory"}});
    write_text_file(dir() + "/not-isotest.xml",
                    "<testsuite name='plain'><properties><property name='isotest.written_files' value='/x'/>"
                    "</properties><testcase name='t'/></testsuite>");
    const CommandRun run = report({dir()});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(section(run.out),
              "Hermeticity: 5 of 27 isotest runs depend on or reach into the outside world\n"
              "  wrote outside their writable paths (2):\n"
              "    daemon  /var/tmp/pid  (" + file("daemon") + ")\n"
              "    writes  /home/u/.cache/x (+2 more)  (" + file("writes") + ")\n"
              "  left processes running (1):\n"
              "    daemon  42 sleep  (" + file("daemon") + ")\n"
              "  tried the network (1):\n"
              "    fetches  dns example.invalid (2), tcp 192.0.2.1:443  (" + file("fetches") + ")\n"
              "  hit the memory limit (1):\n"
              "    hungry  (" + file("hungry") + ")\n"
              "  hit the process limit (1):\n"
              "    forks  (" + file("forks") + ")\n");
}

TEST_F(HermeticitySummary, ALongGroupListsTenAndCountsTheRest) {
    for (int i = 10; i < 23; ++i) add("t" + std::to_string(i), {{"isotest.leftover_processes", "7 sleep"}});
    const CommandRun run = report({dir()});
    const std::string text = section(run.out);
    EXPECT_NE(text.find("  left processes running (13):\n    t10  7 sleep"), std::string::npos) << text;
    EXPECT_NE(text.find("    t19  7 sleep"), std::string::npos) << text;
    EXPECT_EQ(text.find("    t20"), std::string::npos) << text;
    EXPECT_NE(text.find("    and 3 more (isotest report --format json lists every one)\n"), std::string::npos) << text;
}

TEST_F(HermeticitySummary, AllHermeticIsOneLine) {
    add("clean", {{"isotest.written_files", "none"}, {"isotest.leftover_processes", "none"}});
    EXPECT_EQ(section(report({dir()}).out),
              "Hermeticity: 1 isotest run, none wrote outside its writable paths, left processes running, tried "
              "the network or hit a limit\n");
}

TEST_F(HermeticitySummary, TextFromReportsCannotMoveTheTerminal) {
    add("evil", {{"isotest.network_attempts", "dns &#27;]2;owned&#7;.invalid"}});
    const std::string text = section(report({dir()}).out);
    EXPECT_NE(text.find("    evil  dns \\x1b]2;owned\\x07.invalid  ("), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST_F(HermeticitySummary, JsonListsEveryRunWithItsWholeDetail) {
    add("fetches", {{"isotest.network_attempts", "dns &quot;quoted&quot;.invalid&#10;tcp 192.0.2.1:80"}});
    add("hungry", {{"isotest.memory_limit_hit", "true"}, {"isotest.written_files", "none"}});
    add("fails", {});
    const std::string failing =
        "<testsuite name='f'><testcase name='c' classname='K'><failure message='bad &#9;tab'/></testcase></testsuite>";
    write_text_file(dir() + "/z-failing.xml", failing);
    const CommandRun run = report({"--format", "json", dir()});
    EXPECT_EQ(run.status, 1) << run.err;
    EXPECT_EQ(run.out,
              R"({"files":4,"suites":4,"totals":{"tests":4,"passed":3,"failures":1,"errors":0,"skipped":0},)"
              R"("failures":[{"test":"K.c","verdict":"failed","message":"bad \ttab","report":")" +
                  dir() + R"(/z-failing.xml"}],)"
                  R"("hermeticity":{"isotest_runs":3,"not_hermetic":2,"wrote_outside_writable_paths":[],)"
                  R"("left_processes_running":[],"tried_the_network":[{"test":"fetches","report":")" +
                  file("fetches") + R"(","detail":"dns \"quoted\".invalid\ntcp 192.0.2.1:80"}],)"
                  R"("hit_the_memory_limit":[{"test":"hungry","report":")" + file("hungry") +
                  R"("}],"hit_the_process_limit":[]},"own_results_incomplete":[]})"
                  "\n");
}

TEST_F(HermeticitySummary, AnUnknownFormatIsRefused) {
    add("clean", {});
    const CommandRun run = report({"--format", "yaml", dir()});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: report: --format must be text or json, not 'yaml'\n");
}

}  // namespace
}  // namespace isotest::report
