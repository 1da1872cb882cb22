// write_junit_report, the entry point main() calls: the file lands where the spec says,
// valid, with this host's name; an unwritable path is one clear error.
#include "report/report.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <unistd.h>

#include "isotest/error.hpp"
#include "report_test_support.hpp"

namespace isotest {
namespace {

using namespace isotest::report::testing;
namespace fs = std::filesystem;

std::string this_host() {
    char name[HOST_NAME_MAX + 1] = {};
    EXPECT_EQ(gethostname(name, sizeof name - 1), 0);
    return name;
}

TEST(WriteJunitReport, WritesWhereTheSpecSaysWithThisHostsName) {
    TempDir dir;
    SandboxSpec spec = spec_running({"./t"});
    spec.report.junit_path = dir.file("deep/er/report.xml");
    report::AtomicFileTarget destination(spec.report.junit_path);
    write_junit_report(destination, spec, exited_with(1));
    const std::string xml = read_text_file(spec.report.junit_path);
    EXPECT_TRUE(valid_junit(xml));
    EXPECT_NE(xml.find("hostname=\"" + this_host() + "\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure type=\"isotest.ExitCode\" message=\"exited with status 1\">"), std::string::npos);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.file("deep/er")), fs::directory_iterator{}), 1);
}

TEST(WriteJunitReport, UnwritablePathIsAnIsotestError) {
    TempDir dir;
    write_text_file(dir.file("file"), "");
    SandboxSpec spec = spec_running({"./t"});
    spec.report.junit_path = dir.file("file/report.xml");
    try {
        report::AtomicFileTarget destination(spec.report.junit_path);
        write_junit_report(destination, spec, exited_with(0));
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(error.exit_status(), 125);
        EXPECT_EQ(std::string(error.what()), "cannot write " + spec.report.junit_path +
                                                 ": create directory " + dir.file("file") + ": Not a directory; fix: a "
                                                 "component of " + dir.file("file") + " is a file: write the report elsewhere");
    }
}

}  // namespace
}  // namespace isotest
