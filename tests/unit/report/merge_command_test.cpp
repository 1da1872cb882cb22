// `isotest merge -o OUT FILE|DIR...`: real producers' files combined into one valid report
// with recounted totals; malformed input is a one-line FILE:LINE error and exit 125.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/run_report.hpp"
#include "cli/subcommands.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;
namespace fs = std::filesystem;

CommandRun merge(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int status = cli::merge_command(args, out, err);
    return {status, out.str(), err.str()};
}

std::string our_failing_report() {
    return render_junit_xml(build_run_report(spec_running({"./t"}), exited_with(2), fixed_host()).junit);
}

TEST(MergeCommand, CombinesEveryProducerWithExactTotals) {
    TempDir dir;
    fs::create_directories(dir.file("in/nested"));
    fs::copy_file(sample_path("gtest-1.12.1.xml"), dir.file("in/gtest.xml"));
    fs::copy_file(sample_path("pytest-7.2.1.xml"), dir.file("in/nested/pytest.xml"));
    write_text_file(dir.file("in/notes.txt"), "not a report");
    write_text_file(dir.file("ours.xml"), our_failing_report());
    const std::string out = dir.file("out/merged.xml");

    const CommandRun run = merge({"-o", out, dir.file("in"), sample_path("ctest-3.25.1.xml"), dir.file("ours.xml")});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.err, "");
    const std::string xml = read_text_file(out);
    ASSERT_TRUE(valid_junit(xml));
    // gtest 7/2/0/2 + pytest 7/1/1/2 + ctest 6/2/0/2 + ours 1/1/0/0.
    EXPECT_NE(xml.find("<testsuites tests=\"21\" failures=\"6\" errors=\"1\""), std::string::npos) << xml;
    const JunitReport merged = parse_junit_xml(xml);
    ASSERT_EQ(merged.suites.size(), 5u);
    // Directory contents sorted (gtest.xml before nested/pytest.xml), then the other arguments.
    EXPECT_EQ(merged.suites[0].name, "Arithmetic");
    EXPECT_EQ(merged.suites[1].name, "Numbers/Param");
    EXPECT_EQ(merged.suites[2].name, "pytest");
    EXPECT_EQ(merged.suites[3].name, "(empty)");
    EXPECT_EQ(merged.suites[4].name, "t");
    EXPECT_EQ(property_value(merged.suites[4], "isotest.exit_code"), "2") << "our properties survive";
    const Counts counts = count(merged);
    EXPECT_EQ(counts.skipped, 6u);
}

TEST(MergeCommand, TheOutputInsideAnInputDirectoryIsNotReadBack) {
    TempDir dir;
    write_text_file(dir.file("a.xml"), our_failing_report());
    const std::string out = dir.file("merged.xml");
    ASSERT_EQ(merge({"-o", out, dir.path().string()}).status, 0);
    ASSERT_EQ(merge({"-o", out, dir.path().string()}).status, 0);
    EXPECT_EQ(count(parse_junit_xml(read_text_file(out))).tests, 1u);
}

TEST(MergeCommand, InputCountsAreRecomputed) {
    TempDir dir;
    write_text_file(dir.file("lying.xml"),
                    "<testsuites tests='50' failures='0'><testsuite name='s' tests='50' failures='0' errors='0'>"
                    "<testcase name='a'><failure message='x'/></testcase></testsuite></testsuites>");
    ASSERT_EQ(merge({"--output", dir.file("m.xml"), dir.file("lying.xml")}).status, 0);
    const std::string xml = read_text_file(dir.file("m.xml"));
    EXPECT_NE(xml.find("<testsuites tests=\"1\" failures=\"1\" errors=\"0\""), std::string::npos) << xml;
    EXPECT_TRUE(valid_junit(xml));
}

TEST(MergeCommand, MalformedInputIsOneLineWithFileAndLineAndNothingIsWritten) {
    TempDir dir;
    write_text_file(dir.file("good.xml"), our_failing_report());
    write_text_file(dir.file("bad.xml"), "<testsuite name='s'>\n<testcase name='a'>\n</testsuite>\n");
    const CommandRun run = merge({"-o", dir.file("m.xml"), dir.file("good.xml"), dir.file("bad.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: " + dir.file("bad.xml") +
                           ":2: not well-formed XML (mismatched element) in <testcase>\n");
    EXPECT_FALSE(fs::exists(dir.file("m.xml")));
}

TEST(MergeCommand, StructuralProblemsAreErrorsToo) {
    TempDir dir;
    write_text_file(dir.file("html.xml"), "<!DOCTYPE html>\n<html></html>");
    const CommandRun run = merge({"-o", dir.file("m.xml"), dir.file("html.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: " + dir.file("html.xml") +
                           ":2: root element is <html>, expected <testsuites> or <testsuite>\n");
}

TEST(MergeCommand, MissingInputsAndEmptyDirectoriesAreErrors) {
    TempDir dir;
    CommandRun run = merge({"-o", dir.file("m.xml"), dir.file("missing.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: " + dir.file("missing.xml") + ": No such file or directory\n");
    fs::create_directory(dir.file("empty"));
    run = merge({"-o", dir.file("m.xml"), dir.file("empty")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: " + dir.file("empty") + ": no *.xml files under this directory\n");
}

TEST(MergeCommand, UnwritableOutputIsAnError) {
    TempDir dir;
    write_text_file(dir.file("a.xml"), our_failing_report());
    write_text_file(dir.file("file"), "");
    const CommandRun run = merge({"-o", dir.file("file/m.xml"), dir.file("a.xml")});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: cannot write " + dir.file("file/m.xml") + ": create directory " +
                           dir.file("file") + ": Not a directory; fix: a component of " + dir.file("file") +
                           " is a file: write the report elsewhere\n");
}

TEST(MergeCommand, BadArguments) {
    CommandRun run = merge({"a.xml"});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: merge: no output file; usage: isotest merge -o OUT FILE|DIR...\n");
    run = merge({"-o", "out.xml"});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err, "isotest: error: merge: no input reports; usage: isotest merge -o OUT FILE|DIR...\n");
    run = merge({"--frobnicate", "-o", "x", "a.xml"});
    EXPECT_EQ(run.status, 125);
    EXPECT_EQ(run.err.rfind("isotest: error: merge: unrecognised option '--frobnicate'", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
    run = merge({"-o"});
    EXPECT_EQ(run.status, 125);
    run = merge({"--help"});
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("--output"), std::string::npos);
}

}  // namespace
}  // namespace isotest::report
