#include "report/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>

#include "isotest/error.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;
namespace fs = std::filesystem;

std::string error_of(const std::string& path) {
    try {
        write_file_atomically(path, "x");
    } catch (const Error& error) {
        EXPECT_EQ(error.exit_status(), 125);
        return error.what();
    }
    ADD_FAILURE() << "no error writing " << path;
    return {};
}

TEST(AtomicFile, CreatesMissingDirectoriesAndLeavesNoTempFiles) {
    TempDir dir;
    const std::string path = dir.file("a/b/c/report.xml");
    write_file_atomically(path, "<x/>\n");
    EXPECT_EQ(read_text_file(path), "<x/>\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.file("a/b/c")), fs::directory_iterator{}), 1);
    struct stat status {};
    ASSERT_EQ(stat(path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0644u);
}

TEST(AtomicFile, ReplacesAnExistingFile) {
    TempDir dir;
    const std::string path = dir.file("report.xml");
    write_text_file(path, std::string(100000, 'o'));
    write_file_atomically(path, "new");
    EXPECT_EQ(read_text_file(path), "new");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);
}

TEST(AtomicFile, RelativePathInTheCurrentDirectory) {
    TempDir dir;
    const fs::path previous = fs::current_path();
    fs::current_path(dir.path());
    write_file_atomically("here.xml", "h");
    fs::current_path(previous);
    EXPECT_EQ(read_text_file(dir.file("here.xml")), "h");
}

TEST(AtomicFile, FailuresAreOneLineNamingThePathAndTheCause) {
    TempDir dir;
    write_text_file(dir.file("file"), "");
    const std::string under_a_file = dir.file("file/sub/report.xml");
    EXPECT_EQ(error_of(under_a_file), "cannot write " + under_a_file + ": create directory " +
                                          dir.file("file/sub") + ": Not a directory");

    fs::create_directory(dir.file("taken"));
    fs::create_directory(dir.file("taken/inner"));
    const std::string message = error_of(dir.file("taken"));
    EXPECT_EQ(message.rfind("cannot write " + dir.file("taken") + ": rename ", 0), 0u) << message;
    EXPECT_NE(message.find(": Is a directory"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 2)
        << "the temp file was removed";
}

// The place is fixed when the target is opened: renaming the directory and planting a symlink
// in its stead afterwards (what a test owning the directory could do) does not move the write.
TEST(AtomicFile, PlaceIsFixedWhenOpened) {
    TempDir dir;
    fs::create_directory(dir.file("reports"));
    fs::create_directory(dir.file("elsewhere"));
    const AtomicFileTarget target(dir.file("reports/r.xml"));
    fs::rename(dir.file("reports"), dir.file("moved"));
    fs::create_directory_symlink(dir.file("elsewhere"), dir.file("reports"));
    target.write([](std::FILE* out) { std::fputs("<x/>", out); });
    EXPECT_EQ(read_text_file(dir.file("moved/r.xml")), "<x/>");
    EXPECT_TRUE(fs::is_empty(dir.file("elsewhere")));
}

// A target that is not a regular file is written in place, never replaced by a file.
TEST(AtomicFile, NonRegularTargetIsWrittenInPlace) {
    const AtomicFileTarget target("/dev/null");
    target.write([](std::FILE* out) { std::fputs("<x/>", out); });
    struct stat status {};
    ASSERT_EQ(stat("/dev/null", &status), 0);
    EXPECT_TRUE(S_ISCHR(status.st_mode));
}

// A FIFO nobody reads: one clear error, never a hang.
TEST(AtomicFile, AFifoWithoutReaderIsAnErrorNotAHang) {
    TempDir dir;
    const std::string fifo = dir.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    try {
        AtomicFileTarget(fifo).write([](std::FILE* out) { std::fputs("<x/>", out); });
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(std::string(error.what()), "cannot write " + fifo + ": open (a FIFO with no reader): No such device or address");
    }
    struct stat status {};
    ASSERT_EQ(::lstat(fifo.c_str(), &status), 0);
    EXPECT_TRUE(S_ISFIFO(status.st_mode));
}

}  // namespace
}  // namespace isotest::report
