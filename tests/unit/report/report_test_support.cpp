#include "report_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include <boost/process.hpp>
#include <tinyxml2.h>

#include "cli/subcommands.hpp"
#include "isotest/paths.hpp"
#include "xmllint.hpp"

#ifndef ISOTEST_SHARED_DIR
#error "ISOTEST_SHARED_DIR must point at the project's shared/ directory"
#endif
#ifndef ISOTEST_CHECK_JUNIT
#error "ISOTEST_CHECK_JUNIT must point at tests/consumers/check_junit.sh"
#endif
#ifndef ISOTEST_BASH
#error "ISOTEST_BASH must name the bash found at configure time"
#endif
#ifndef ISOTEST_REPORT_SAMPLES_DIR
#error "ISOTEST_REPORT_SAMPLES_DIR must point at tests/unit/report/samples"
#endif

namespace isotest::report::testing {

namespace fs = std::filesystem;
namespace bp = boost::process;

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && base[0] != '\0' ? base : "/tmp") +
                          "/isotest-report-test.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern + " failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

void write_text_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

CommandRun run_report(const std::vector<std::string>& args, bool terminal, bool no_color) {
    std::ostringstream out, err;
    const int status = cli::report_command(args, out, err, terminal, no_color);
    return {status, out.str(), err.str()};
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string sample_path(const std::string& name) {
    return std::string(ISOTEST_REPORT_SAMPLES_DIR) + "/" + name;
}

std::string read_sample(const std::string& name) { return read_text_file(sample_path(name)); }

ToolRun run_tool(const std::string& executable, const std::vector<std::string>& args) {
    ToolRun run;
    bp::ipstream output;
    bp::child child(bp::exe = executable, bp::args = args, (bp::std_out & bp::std_err) > output,
                    bp::std_in < bp::null);
    std::string line;
    while (std::getline(output, line)) run.output += line + "\n";
    child.wait();
    run.exit_code = child.exit_code();
    return run;
}

namespace {

void keep_for_other_consumers(const std::string& xml) {
    const char* keep = std::getenv("ISOTEST_KEEP_REPORTS");
    if (keep == nullptr || keep[0] == '\0') return;
    static std::atomic<int> serial{0};
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = test != nullptr ? std::string(test->test_suite_name()) + "." + test->name() : "report";
    fs::create_directories(keep);
    write_text_file(std::string(keep) + "/" + name + "-" + std::to_string(++serial) + ".xml", xml);
}

}  // namespace

namespace {

std::string schema_path(const std::string& schema) { return std::string(ISOTEST_SHARED_DIR) + "/schemas/" + schema; }

// Where a schema is absent (a clone without ../shared), says once, in one line on stderr, how
// reports are checked instead, so the verdicts are never taken for the schema's.
void say_once_how_reports_are_checked(const std::string& schema) {
    if (fs::exists(schema_path(schema))) return;
    static std::once_flag said;
    std::call_once(said, [] {
        std::cerr << "report tests: the JUnit schemas are absent from " << ISOTEST_SHARED_DIR
                  << "/schemas (set -DISOTEST_SHARED_DIR): reports are checked for well-formedness and against "
                     "tests/consumers/junit-rules/ with xmllint instead (tests/consumers/check_junit.sh)"
                  << std::endl;
    });
}

::testing::AssertionResult check_junit(const std::string& xml, const std::string& schema, std::vector<std::string> mode) {
    TempDir dir;
    const std::string file = dir.file("report.xml");
    write_text_file(file, xml);
    mode.insert(mode.end(), {schema_path(schema), file});
    mode.insert(mode.begin(), ISOTEST_CHECK_JUNIT);
    const ToolRun run = run_tool(ISOTEST_BASH, mode);
    if (run.exit_code != 0) {
        return ::testing::AssertionFailure() << "tests/consumers/check_junit.sh " << schema << " rejected the report:\n"
                                             << run.output << "\n--- report ---\n" << xml;
    }
    return ::testing::AssertionSuccess();
}

}  // namespace

::testing::AssertionResult valid_against_schema(const std::string& xml, const std::string& schema) {
    say_once_how_reports_are_checked(schema);
    ::testing::AssertionResult valid = check_junit(xml, schema, {});
    if (valid && schema == "jenkins-xunit-junit-10.xsd") keep_for_other_consumers(xml);
    return valid;
}

::testing::AssertionResult valid_by_rules(const std::string& xml, const std::string& schema) {
    return check_junit(xml, schema, {"--rules"});
}

bool schema_present(const std::string& schema) { return fs::exists(schema_path(schema)); }

::testing::AssertionResult valid_junit(const std::string& xml) {
    return valid_against_schema(xml, testsupport::kJunitSchema);
}

std::string in_ant_shape(const std::string& xml) {
    tinyxml2::XMLDocument document;
    if (document.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) return xml;  // the check says why
    tinyxml2::XMLElement* root = document.RootElement();
    while (const tinyxml2::XMLAttribute* attribute = root->FirstAttribute()) {
        root->DeleteAttribute(attribute->Name());
    }
    // Ant writes both output elements, empty or not; isotest leaves out empty ones.
    for (tinyxml2::XMLElement* suite = root->FirstChildElement("testsuite"); suite != nullptr;
         suite = suite->NextSiblingElement("testsuite")) {
        tinyxml2::XMLElement* out = suite->FirstChildElement("system-out");
        tinyxml2::XMLElement* err = suite->FirstChildElement("system-err");
        if (out == nullptr) {
            const std::string err_text = err != nullptr && err->GetText() != nullptr ? err->GetText() : "";
            if (err != nullptr) suite->DeleteChild(err);
            suite->InsertEndChild(document.NewElement("system-out"));
            tinyxml2::XMLElement* new_err = document.NewElement("system-err");
            if (!err_text.empty()) new_err->SetText(err_text.c_str());
            suite->InsertEndChild(new_err);
        } else if (err == nullptr) {
            suite->InsertAfterChild(out, document.NewElement("system-err"));
        }
    }
    tinyxml2::XMLPrinter printer;
    document.Print(&printer);
    return printer.CStr();
}

::testing::AssertionResult valid_windyroad_in_ant_shape(const std::string& xml) {
    return valid_against_schema(in_ant_shape(xml), "windyroad-JUnit.xsd");
}

HostFacts fixed_host() {
    HostFacts host;
    host.hostname = "buildhost";
    host.uid = 1000;
    host.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    return host;
}

SandboxSpec spec_running(std::vector<std::string> command) {
    SandboxSpec spec;
    spec.command = std::move(command);
    spec.cwd = "/work";
    // The names a finished spec has (src/cli/finish_spec.hpp): the command's basename for each.
    spec.report.name = paths::last_component(spec.command.at(0));
    spec.report.suite = spec.report.classname = spec.report.name;
    return spec;
}

Outcome exited_with(int status) {
    Outcome outcome;
    outcome.kind = OutcomeKind::exited;
    outcome.exit_code = status;
    outcome.started = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    outcome.wall_seconds = 1.2346;
    outcome.user_seconds = 0.5;
    outcome.system_seconds = 0.25;
    outcome.peak_rss_kib = 4096;
    outcome.setup_seconds = 0.0105;
    return outcome;
}

}  // namespace isotest::report::testing
