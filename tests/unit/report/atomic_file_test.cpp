#include "report/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <filesystem>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isotest/error.hpp"
#include "isotest/unique_fd.hpp"
#include "report/temporary_names.hpp"
#include "report_test_support.hpp"

namespace isotest::report {
namespace {

using namespace isotest::report::testing;
namespace fs = std::filesystem;
using Staging = AtomicFileTarget::Staging;

void write_text(AtomicFileTarget& target, const std::string& text) {
    target.write([&](std::FILE* out) { std::fputs(text.c_str(), out); });
}

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

std::string construction_error_of(const std::string& path) {
    try {
        AtomicFileTarget target(path);
    } catch (const Error& error) {
        EXPECT_EQ(error.exit_status(), 125);
        return error.what();
    }
    ADD_FAILURE() << "no error making a target of " << path;
    return {};
}

// The unnamed (O_TMPFILE) way and the named fallback behave alike to readers.
class AtomicFile : public ::testing::TestWithParam<Staging> {};

INSTANTIATE_TEST_SUITE_P(Staging, AtomicFile, ::testing::Values(Staging::unnamed, Staging::named),
                         [](const ::testing::TestParamInfo<Staging>& info) {
                             return std::string(info.param == Staging::unnamed ? "Unnamed" : "Named");
                         });

TEST_P(AtomicFile, CreatesMissingDirectoriesAndLeavesNoTemporaryName) {
    TempDir dir;
    const std::string path = dir.file("a/b/c/report.xml");
    AtomicFileTarget target(path, GetParam());
    EXPECT_EQ(names_in(dir.file("a/b/c")), std::set<std::string>{}) << "a name before anything was written";
    write_text(target, "<x/>\n");
    EXPECT_EQ(read_text_file(path), "<x/>\n");
    EXPECT_EQ(names_in(dir.file("a/b/c")), std::set<std::string>{"report.xml"});
    struct stat status {};
    ASSERT_EQ(stat(path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0644u);
}

TEST_P(AtomicFile, ReplacesAnExistingFile) {
    TempDir dir;
    const std::string path = dir.file("report.xml");
    write_text_file(path, std::string(100000, 'o'));
    AtomicFileTarget target(path, GetParam());
    write_text(target, "new");
    EXPECT_EQ(read_text_file(path), "new");
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"report.xml"});
}

// What a writer killed between naming its file and putting it in place leaves behind — a
// temporary name nobody holds — is removed by the next writer of the same report; a name a
// live writer holds (here: locked by this process) and names that are not files are left.
TEST_P(AtomicFile, TemporaryNamesOfGoneWritersAreRemoved) {
    TempDir dir;
    const std::string path = dir.file("r.xml");
    write_text_file(path, "old");
    const auto temporary = [&](int slot) { return dir.file(temporary_names::name("r.xml", slot)); };
    for (int slot = 0; slot < temporary_names::kSlots; ++slot) write_text_file(temporary(slot), "killed writer's");
    const UniqueFd live(::open(temporary(5).c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_EQ(::flock(live.get(), LOCK_EX | LOCK_NB), 0);
    ASSERT_EQ(::unlink(temporary(6).c_str()), 0);
    fs::create_symlink("elsewhere", temporary(6));
    write_text_file(dir.file(".r.xml.isotest-tmp.x"), "not one of the names");

    AtomicFileTarget target(path, GetParam());
    write_text(target, "new");
    EXPECT_EQ(read_text_file(path), "new");
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"r.xml", temporary_names::name("r.xml", 5),
                                                           temporary_names::name("r.xml", 6), ".r.xml.isotest-tmp.x"}));
}

// Every temporary name held by a live writer: replacing fails with one line and leaves the old
// report; making a new report needs no temporary name when files can be made unnamed.
TEST_P(AtomicFile, AllTemporaryNamesHeldIsOneClearError) {
    TempDir dir;
    const std::string path = dir.file("r.xml");
    write_text_file(path, "old");
    std::vector<UniqueFd> held;
    for (int slot = 0; slot < temporary_names::kSlots; ++slot) {
        const std::string name = dir.file(temporary_names::name("r.xml", slot));
        write_text_file(name, "");
        held.emplace_back(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
        ASSERT_EQ(::flock(held.back().get(), LOCK_EX | LOCK_NB), 0);
    }
    try {
        AtomicFileTarget target(path, GetParam());
        write_text(target, "new");
        FAIL() << "no error";
    } catch (const Error& error) {
        const std::string message = error.what();
        EXPECT_EQ(message.rfind("cannot write " + path + ": all temporary names .r.xml.isotest-tmp.0... are in use", 0), 0u) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos);
    }
    EXPECT_EQ(read_text_file(path), "old");
    EXPECT_EQ(names_in(dir.path()).size(), 1u + temporary_names::kSlots);
    if (GetParam() == Staging::unnamed) {
        AtomicFileTarget fresh(dir.file("fresh.xml"), GetParam());
        write_text(fresh, "fresh");
        EXPECT_EQ(read_text_file(dir.file("fresh.xml")), "fresh");
    }
}

// The place is fixed when the target is made: renaming the directory and planting a symlink in
// its stead afterwards (what a test owning the directory could do) does not move the write.
TEST_P(AtomicFile, PlaceIsFixedWhenOpened) {
    TempDir dir;
    fs::create_directory(dir.file("reports"));
    fs::create_directory(dir.file("elsewhere"));
    AtomicFileTarget target(dir.file("reports/r.xml"), GetParam());
    fs::rename(dir.file("reports"), dir.file("moved"));
    fs::create_directory_symlink(dir.file("elsewhere"), dir.file("reports"));
    write_text(target, "<x/>");
    EXPECT_EQ(read_text_file(dir.file("moved/r.xml")), "<x/>");
    EXPECT_TRUE(fs::is_empty(dir.file("elsewhere")));
}

// A symlink is followed when the target is made: the file it led to then is replaced, the
// symlink stays, and pointing it elsewhere afterwards changes nothing.
TEST_P(AtomicFile, SymlinkIsFollowedOnceWhenOpened) {
    TempDir dir;
    write_text_file(dir.file("a.xml"), "old a");
    write_text_file(dir.file("b.xml"), "old b");
    fs::create_symlink("a.xml", dir.file("link"));
    AtomicFileTarget target(dir.file("link"), GetParam());
    fs::remove(dir.file("link"));
    fs::create_symlink("b.xml", dir.file("link"));
    write_text(target, "new");
    EXPECT_EQ(read_text_file(dir.file("a.xml")), "new");
    EXPECT_EQ(read_text_file(dir.file("b.xml")), "old b");
    EXPECT_EQ(fs::read_symlink(dir.file("link")), "b.xml");
    EXPECT_EQ(names_in(dir.path()), (std::set<std::string>{"a.xml", "b.xml", "link"}));
}

// The content is complete before any name shows it: while it is being written, the directory
// holds the old report alone (and nothing at all for a new one).
TEST(AtomicFileUnnamed, NoNameShowsUpBeforeTheContentIsComplete) {
    TempDir dir;
    const std::string path = dir.file("report.xml");
    AtomicFileTarget fresh(path);
    fresh.write([&](std::FILE* out) {
        std::fputs("first", out);
        std::fflush(out);
        EXPECT_EQ(names_in(dir.path()), std::set<std::string>{});
    });
    AtomicFileTarget replacing(path);
    replacing.write([&](std::FILE* out) {
        std::fputs("second", out);
        std::fflush(out);
        EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"report.xml"});
        EXPECT_EQ(read_text_file(path), "first");
    });
    EXPECT_EQ(read_text_file(path), "second");
}

TEST(AtomicFile, RelativePathInTheCurrentDirectory) {
    TempDir dir;
    const fs::path previous = fs::current_path();
    fs::current_path(dir.path());
    write_file_atomically("here.xml", "h");
    fs::current_path(previous);
    EXPECT_EQ(read_text_file(dir.file("here.xml")), "h");
}

// Whatever makes the report unwritable is found when the target is made (before a test
// would run), in one line naming the path, the cause and the fix.
TEST(AtomicFile, UnwritableTargetsAreRefusedWhenMade) {
    TempDir dir;
    write_text_file(dir.file("file"), "");
    const std::string under_a_file = dir.file("file/sub/report.xml");
    EXPECT_EQ(construction_error_of(under_a_file),
              "cannot write " + under_a_file + ": create directory " + dir.file("file/sub") +
                  ": Not a directory; fix: a component of " + dir.file("file/sub") +
                  " is a file: write the report elsewhere");

    fs::create_directory(dir.file("taken"));
    EXPECT_EQ(construction_error_of(dir.file("taken")), "cannot write " + dir.file("taken") +
                                                            ": not a file: Is a directory; fix: name a file, e.g. " +
                                                            dir.file("taken/report.xml"));
    fs::create_directory_symlink(dir.file("taken"), dir.file("to-taken"));
    EXPECT_EQ(construction_error_of(dir.file("to-taken")),
              "cannot write " + dir.file("to-taken") + ": its symlink leads to a directory: Is a directory; fix: name a "
              "file, e.g. " + dir.file("to-taken/report.xml"));
    fs::create_symlink(dir.file("missing/r.xml"), dir.file("into-missing"));
    EXPECT_EQ(construction_error_of(dir.file("into-missing")),
              "cannot write " + dir.file("into-missing") + ": open directory " + dir.file("missing") +
                  " (where its symlink leads): No such file or directory; fix: create " + dir.file("missing") +
                  ", or write the report elsewhere");
    EXPECT_FALSE(fs::exists(dir.file("missing")));

    std::set<std::string> made{"file", "taken", "to-taken", "into-missing"};
    if (::geteuid() != 0) {  // root writes into any directory, whatever its mode
        made.insert("read-only");
        fs::create_directory(dir.file("read-only"));
        fs::permissions(dir.file("read-only"), fs::perms::owner_read | fs::perms::owner_exec);
        const std::string message = construction_error_of(dir.file("read-only/r.xml"));
        EXPECT_EQ(message, "cannot write " + dir.file("read-only/r.xml") + ": create a file in " +
                               dir.file("read-only") + ": Permission denied; fix: make " + dir.file("read-only") +
                               " writable, or write the report elsewhere");
        fs::permissions(dir.file("read-only"), fs::perms::owner_all);
    }
    EXPECT_EQ(names_in(dir.path()), made) << "only what the test made";
}

// A target that is not a regular file is written in place, never replaced by a file.
TEST(AtomicFile, NonRegularTargetIsWrittenInPlace) {
    AtomicFileTarget target("/dev/null");
    write_text(target, "<x/>");
    struct stat status {};
    ASSERT_EQ(stat("/dev/null", &status), 0);
    EXPECT_TRUE(S_ISCHR(status.st_mode));
}

// A path through /proc names one of our open files (/dev/stdout): written in place, after what
// it holds already; the file is not replaced.
TEST(AtomicFile, OpenFileOfOursIsAppendedTo) {
    TempDir dir;
    const std::string path = dir.file("stdout.txt");
    const UniqueFd ours(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    ASSERT_EQ(::write(ours.get(), "test output\n", 12), 12);
    struct stat before {};
    ASSERT_EQ(::stat(path.c_str(), &before), 0);
    AtomicFileTarget target("/proc/self/fd/" + std::to_string(ours.get()));
    write_text(target, "<x/>");
    EXPECT_EQ(read_text_file(path), "test output\n<x/>");
    struct stat after {};
    ASSERT_EQ(::stat(path.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino);
}

// A FIFO nobody reads: one clear error, never a hang.
TEST(AtomicFile, AFifoWithoutReaderIsAnErrorNotAHang) {
    TempDir dir;
    const std::string fifo = dir.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    try {
        AtomicFileTarget target(fifo);
        write_text(target, "<x/>");
        FAIL() << "no error";
    } catch (const Error& error) {
        EXPECT_EQ(std::string(error.what()), "cannot write " + fifo + ": open (a FIFO with no reader): No such device or address");
    }
    struct stat status {};
    ASSERT_EQ(::lstat(fifo.c_str(), &status), 0);
    EXPECT_TRUE(S_ISFIFO(status.st_mode));
    if (::geteuid() != 0) {
        ASSERT_EQ(::chmod(fifo.c_str(), 0400), 0);
        EXPECT_EQ(construction_error_of(fifo), "cannot write " + fifo +
                                                   ": open for writing: Permission denied; fix: make it writable, "
                                                   "or write the report elsewhere");
    }
}

}  // namespace
}  // namespace isotest::report
