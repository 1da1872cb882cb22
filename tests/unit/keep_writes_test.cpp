// --keep-writes: the manifest's lines (one per entry, whatever the test named it), the summary
// line, and the destination's checks. The copy itself is tried for real, as root and
// unprivileged, by tests/integration/keep_writes_test.cpp.
#include "sandbox/keep_writes.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace {

using isotest::keep_writes::describe;
using isotest::keep_writes::manifest_line;
using isotest::keep_writes::open_destination;
using isotest::keep_writes::Summary;
namespace fs = std::filesystem;

TEST(KeepWritesManifest, PlainPathsStayReadable) {
    EXPECT_EQ(manifest_line("deleted", "/etc/motd"), "deleted\t/etc/motd\n");
    EXPECT_EQ(manifest_line("not copied", "/a b/é", "a block device 8:0"), "not copied\t/a b/é\ta block device 8:0\n");
}

TEST(KeepWritesManifest, EveryByteThatCouldSplitALineOrAFieldIsEscaped) {
    const std::string hostile = std::string("/x\ny\tz\\w\r\x1b[31m\x7f") + '\0' + "end";
    const std::string line = manifest_line("deleted", hostile, "why\nnot");
    EXPECT_EQ(line, "deleted\t/x\\ny\\tz\\\\w\\x0d\\x1b[31m\\x7f\\x00end\twhy\\nnot\n");
    // One line, three fields.
    EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 2);
}

TEST(KeepWritesManifest, AnEscapedBackslashIsNotReadAsAnEscape) {
    // "\n" typed as two characters must not come out as the escape of a newline.
    EXPECT_EQ(manifest_line("deleted", "/a\\nb"), "deleted\t/a\\\\nb\n");
}

TEST(KeepWritesSummary, SaysWhatWasKeptAndWhereTheManifestIs) {
    Summary summary;
    EXPECT_EQ(describe(summary, "/k"), "kept in /k: 0 files (0 bytes), 0 directories, 0 symlinks");
    summary.files = 1;
    summary.bytes = 1;
    summary.directories = 2;
    summary.symlinks = 1;
    summary.others = 1;
    summary.deletions = 3;
    EXPECT_EQ(describe(summary, "/k"),
              "kept in /k: 1 file (1 byte), 2 directories, 1 symlink, 1 FIFO or socket; 3 deletions listed in "
              "/k/manifest.txt");
    summary.opaque = 1;
    summary.not_copied = 2;
    summary.hard_links = 1;
    EXPECT_EQ(describe(summary, "/k"),
              "kept in /k: 1 file (1 byte), 2 directories, 1 symlink, 1 hard link, 1 FIFO or socket; 3 deletions, 1 replaced "
              "directory and 2 entries not copied listed in /k/manifest.txt");
    summary.manifest_error = "write: No space left on device";
    EXPECT_NE(describe(summary, "/k").find("; manifest.txt is incomplete (write: No space left on device)"),
              std::string::npos);
    summary.failure = "creating manifest.txt: File exists";
    EXPECT_EQ(describe(summary, "/k"), "nothing kept in /k: creating manifest.txt: File exists");
}

class KeepWritesDestination : public ::testing::Test {
protected:
    void SetUp() override {
        char name[] = "/tmp/keep-writes-test.XXXXXX";
        ASSERT_NE(::mkdtemp(name), nullptr);
        scratch_ = name;
    }
    void TearDown() override { fs::remove_all(scratch_); }
    fs::path scratch_;
};

TEST_F(KeepWritesDestination, MakesAMissingDirectoryAndItsParents) {
    const fs::path dir = scratch_ / "a" / "b" / "kept";
    EXPECT_TRUE(open_destination(dir.string()).valid());
    EXPECT_TRUE(fs::is_directory(dir));
}

TEST_F(KeepWritesDestination, TakesAnEmptyDirectory) { EXPECT_TRUE(open_destination(scratch_.string()).valid()); }

TEST_F(KeepWritesDestination, RefusesOneThatIsNotEmpty) {
    std::ofstream(scratch_ / ".hidden") << "x";
    try {
        open_destination(scratch_.string());
        FAIL() << "a directory holding a file was taken";
    } catch (const isotest::Error& error) {
        EXPECT_EQ(std::string(error.what()).find("--keep-writes " + scratch_.string() + ": not empty; give a directory "
                                                 "that does not exist or is empty"),
                  0u)
            << error.what();
        EXPECT_EQ(error.exit_status(), 125);
    }
}

TEST_F(KeepWritesDestination, RefusesAFile) {
    std::ofstream(scratch_ / "file") << "x";
    try {
        open_destination((scratch_ / "file").string());
        FAIL() << "a file was taken";
    } catch (const isotest::Error& error) {
        EXPECT_NE(std::string(error.what()).find("not a directory; give a directory that does not exist or is empty"),
                  std::string::npos)
            << error.what();
    }
}

}  // namespace
