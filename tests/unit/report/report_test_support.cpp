#include "report_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include <boost/process.hpp>
#include <tinyxml2.h>

#include "xmllint.hpp"

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

::testing::AssertionResult valid_against_schema(const std::string& xml, const std::string& schema) {
    TempDir dir;
    const std::string file = dir.file("report.xml");
    write_text_file(file, xml);
    ::testing::AssertionResult accepted = testsupport::xmllint_accepts(file, schema);
    if (!accepted) return accepted << "\n--- report ---\n" << xml.substr(0, 20000);
    if (schema == testsupport::kJunitSchema) keep_for_other_consumers(xml);
    return accepted;
}

::testing::AssertionResult valid_junit(const std::string& xml) {
    return valid_against_schema(xml, testsupport::kJunitSchema);
}

::testing::AssertionResult valid_windyroad_without_root_attributes(const std::string& xml) {
    tinyxml2::XMLDocument document;
    if (document.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) {
        return ::testing::AssertionFailure() << "tinyxml2 cannot parse the report: " << document.ErrorStr();
    }
    tinyxml2::XMLElement* root = document.RootElement();
    while (const tinyxml2::XMLAttribute* attribute = root->FirstAttribute()) {
        root->DeleteAttribute(attribute->Name());
    }
    tinyxml2::XMLPrinter printer;
    document.Print(&printer);
    return valid_against_schema(printer.CStr(), "windyroad-JUnit.xsd");
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
