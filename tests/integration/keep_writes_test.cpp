// Issue 16, part 2: --keep-writes DIR. What the test created, changed or deleted outside its
// writable paths (and in /tmp) is copied into DIR/root on the host, owned by the invoker,
// deletions listed in DIR/manifest.txt; the host itself stays untouched. The test controls every
// name and byte there: planted symlinks are copied as symlinks, never followed, nothing is written
// through what it put into DIR by a --rw path, and the copy is bounded.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <tuple>

#include "invoker.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

struct stat lstat_of(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
    return info;
}

// DIR/root/PATH: where the copy of what the test left at PATH (absolute) goes.
fs::path kept(const fs::path& dir, const fs::path& path) { return dir / "root" / path.relative_path(); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// isotest OPTIONS... --keep-writes DIR -- sh -c SCRIPT, in WORK.
RunResult run_keeping(const ScratchDir& work, const fs::path& dir, const std::string& script,
                      std::vector<std::string> options = {}) {
    RunRequest request;
    request.cwd = work.path();
    request.args = std::move(options);
    for (const std::string& word : {std::string("--keep-writes"), dir.string(), std::string("--"), std::string("sh"),
                                    std::string("-c"), script}) {
        request.args.push_back(word);
    }
    return run_isotest(request);
}

TEST(KeepWrites, CopiesWhatTheTestCreatedChangedAndDeletedAndLeavesTheHostAlone) {
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";  // made by isotest
    write_file(work / "changed", "before\n");
    write_file(work / "gone", "x\n");
    write_file(work / "gone\nwith newline", "x\n");
    fs::create_directory(work / "replaced");
    write_file(work / "replaced" / "old", "x\n");
    const RunResult r = run_keeping(
        work, dir,
        "echo new > created && echo after > changed && rm gone \"$(printf 'gone\\nwith newline')\" && "
        "mkdir -p sub/deeper && echo deep > sub/deeper/file && ln -s /etc/passwd link && mkfifo fifo && "
        "touch \"$(printf 'name\\nwith newline')\" && echo s > setuid && chmod 4755 setuid && " +
        // Where the kernel cannot remove a directory of the host (invoker.hpp), it is emptied instead.
        std::string(host_directories_removable() ? "rm -r replaced && mkdir replaced" : "rm replaced/old") +
            " && echo y > replaced/fresh && echo t > /tmp/in-tmp");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.err, "isotest: kept in " + dir.string() + ": ")) << r.describe();

    // The host is as it was.
    EXPECT_EQ(read_file(work / "changed"), "before\n");
    EXPECT_TRUE(fs::exists(work / "gone"));
    EXPECT_FALSE(fs::exists(work / "created"));
    EXPECT_TRUE(fs::exists(work / "replaced" / "old"));

    const fs::path w = kept(dir, work.path());
    EXPECT_EQ(read_file(w / "created"), "new\n");
    EXPECT_EQ(read_file(w / "changed"), "after\n");
    EXPECT_EQ(read_file(w / "sub" / "deeper" / "file"), "deep\n");
    EXPECT_EQ(read_file(w / "name\nwith newline"), "");
    EXPECT_EQ(read_file(w / "replaced" / "fresh"), "y\n");
    EXPECT_FALSE(fs::exists(w / "replaced" / "old"));
    EXPECT_EQ(read_file(kept(dir, "/tmp/in-tmp")), "t\n");
    // A symlink as a symlink, its target as the test wrote it; a FIFO as a FIFO.
    ASSERT_TRUE(fs::is_symlink(w / "link"));
    EXPECT_EQ(fs::read_symlink(w / "link"), "/etc/passwd");
    EXPECT_TRUE(S_ISFIFO(lstat_of(w / "fifo").st_mode));
    // No setuid file on the host; everything the invoker's.
    EXPECT_EQ(lstat_of(w / "setuid").st_mode & 07777, 0755u);
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const struct stat info = lstat_of(entry.path());
        EXPECT_EQ(info.st_uid, ::geteuid()) << entry.path();
        EXPECT_EQ(info.st_gid, ::getegid()) << entry.path();
    }
    // Deletions and the replaced directory in the manifest, one line each, names escaped.
    const std::string manifest = read_file(dir / "manifest.txt");
    EXPECT_TRUE(contains(manifest, "\ndeleted\t" + (work / "gone").string() + "\n")) << manifest;
    EXPECT_TRUE(contains(manifest, "\ndeleted\t" + (work / "gone").string() + "\\nwith newline\n")) << manifest;
    const std::string opaque = "\nopaque\t" + (work / "replaced").string() + "\n";
    if (!host_directories_removable()) {
        EXPECT_TRUE(contains(manifest, "\ndeleted\t" + (work / "replaced" / "old").string() + "\n")) << manifest;
    } else if (tmpfs_keeps_user_xattrs()) {
        EXPECT_TRUE(contains(manifest, opaque)) << manifest;
    } else {
        // As root before Linux 6.6 the overlay marks the replaced directory with a trusted.*
        // attribute, which isotest cannot read from the sandbox's user namespace: its copy is
        // right, but the manifest cannot say it replaced the host's (README: --keep-writes).
        EXPECT_FALSE(contains(manifest, opaque)) << manifest;
    }
    EXPECT_FALSE(contains(manifest, "\nnot copied\t")) << manifest;
}

// /tmp is kept only where it is the sandbox's own: a --rw path over it is the host's.
TEST(KeepWrites, AHostTmpBoundInIsNotCopied) {
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";
    const RunResult r = run_keeping(work, dir, "echo x > written", {"--rw", "/tmp"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(read_file(kept(dir, work / "written")), "x\n");
    EXPECT_FALSE(fs::exists(kept(dir, "/tmp"))) << "the host's /tmp was copied";
}

// The mount points isotest makes for itself (/.isotest for the test's own results with a report,
// a --tmpfs path the host lacks) are empty directories of an upper layer, but not the test's.
TEST(KeepWrites, IsotestsOwnMountPointsAreNotKept) {
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";
    const fs::path fresh = "/isotest-keep-writes-fresh-point";
    ASSERT_FALSE(fs::exists(fresh));
    const RunResult r = run_keeping(work, dir, "echo x > written && echo y > " + fresh.string() + "/in-tmpfs",
                                    {"--junit", (out / "report.xml").string(), "--tmpfs", fresh.string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(read_file(kept(dir, work / "written")), "x\n");
    EXPECT_FALSE(fs::exists(kept(dir, "/.isotest"))) << "isotest's own results directory was kept";
    EXPECT_FALSE(fs::exists(kept(dir, fresh))) << "the --tmpfs mount point was kept";
    EXPECT_FALSE(fs::exists(fresh)) << "the host got the mount point";
}

TEST(KeepWrites, ANonEmptyDirectoryIsRefusedAndTheTestDoesNotRun) {
    ScratchDir out;
    ScratchDir marks;
    write_file(out / "mine", "x");
    const RunResult r = run_isotest({"--keep-writes", out.str(), "--rw", marks.str(), "--", "touch", (marks / "ran").string()});
    EXPECT_EQ(r.exit_code, 125) << r.describe();
    EXPECT_EQ(r.err, "isotest: error: --keep-writes " + out.str() +
                         ": not empty; give a directory that does not exist or is empty (the test's writes are kept "
                         "there, and nothing of yours may be mixed up with them)\n")
        << r.describe();
    EXPECT_FALSE(fs::exists(marks / "ran"));
    EXPECT_EQ(read_file(out / "mine"), "x");
}

TEST(KeepWrites, AFileIsRefused) {
    ScratchDir out;
    write_file(out / "file", "x");
    const RunResult r = run_isotest({"--keep-writes", (out / "file").string(), "--", "true"});
    EXPECT_EQ(r.exit_code, 125) << r.describe();
    EXPECT_TRUE(contains(r.err, ": not a directory; give a directory that does not exist or is empty")) << r.describe();
}

// DIR inside a --rw path: the test sees it and plants symlinks to a directory and a file of the
// invoker's where isotest is to make its tree and its manifest. Nothing is written through them.
TEST(KeepWrites, NothingIsWrittenThroughWhatTheTestPlantedInDir) {
    for (const auto& [planted, target, says] :
         {std::tuple{"root", "", "creating root: Not a directory"},
          std::tuple{"manifest.txt", "precious", "creating manifest.txt: File exists"}}) {
        ScratchDir shared;
        ScratchDir victim;
        ScratchDir work;
        write_file(victim / "precious", "mine\n");
        const fs::path dir = shared / "kept";
        fs::create_directory(dir);
        const RunResult r = run_keeping(
            work, dir, "ln -s " + (victim / target).string() + " " + (dir / planted).string() + " && echo planted > written",
            {"--rw", shared.str()});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "isotest: nothing kept in " + dir.string() + ": " + says)) << r.describe();
        EXPECT_EQ(read_file(victim / "precious"), "mine\n");
        EXPECT_EQ(std::distance(fs::directory_iterator(victim.path()), fs::directory_iterator()), 1);
    }
}

// Symlinks the test made among its own writes are copied as symlinks: a later entry below the
// same name cannot go through them.
TEST(KeepWrites, SymlinksTheTestMadeAreNeverFollowed) {
    ScratchDir victim;
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";
    const RunResult r = run_keeping(work, dir,
                                    "ln -s " + victim.str() + " a && ln -s " + victim.str() + " /tmp/b && mkdir -p c/d && "
                                    "echo x > c/d/e && ln -s ../../" + victim.path().relative_path().string() + " c/up");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(fs::is_symlink(kept(dir, work / "a")));
    EXPECT_TRUE(fs::is_symlink(kept(dir, "/tmp/b")));
    EXPECT_TRUE(fs::is_symlink(kept(dir, work / "c" / "up")));
    EXPECT_EQ(read_file(kept(dir, work / "c" / "d" / "e")), "x\n");
    EXPECT_TRUE(fs::is_empty(victim.path()));
}

// Names the test gave one file (hard links) stay names of one file in DIR: copied once, its bytes
// counted once against the cap of the sandbox's writes (before, each name was a copy of its own,
// and three names of a 3 MB file went past a 4 MiB cap), in whichever directory each name is.
TEST(KeepWrites, HardLinksStayHardLinksAndTheirBytesCountOnce) {
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";
    const RunResult r = run_keeping(work, dir,
                                    "head -c 3000000 /dev/zero | tr '\\0' x > big && ln big big2 && mkdir sub && "
                                    "ln big sub/big3 && echo small > one && ln one sub/two && chmod 640 one",
                                    {"--tmpfs-size", "4M"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.err, "isotest: kept in " + dir.string() + ": 2 files (3000006 bytes), ")) << r.describe();
    EXPECT_TRUE(contains(r.err, " directories, 0 symlinks, 3 hard links\n")) << r.describe();
    const std::string manifest = read_file(dir / "manifest.txt");
    EXPECT_FALSE(contains(manifest, "\nnot copied\t")) << manifest;
    const struct stat big = lstat_of(kept(dir, work / "big"));
    EXPECT_EQ(big.st_size, 3000000);
    EXPECT_EQ(big.st_nlink, 3u);
    for (const fs::path& name : {work / "big2", work / "sub" / "big3"}) {
        EXPECT_EQ(lstat_of(kept(dir, name)).st_ino, big.st_ino) << name;
    }
    const struct stat one = lstat_of(kept(dir, work / "one"));
    EXPECT_EQ(one.st_nlink, 2u);
    EXPECT_EQ(one.st_mode & 0777, 0640u);
    EXPECT_EQ(lstat_of(kept(dir, work / "sub" / "two")).st_ino, one.st_ino);
    EXPECT_EQ(read_file(kept(dir, work / "sub" / "two")), "small\n");
}

TEST(KeepWrites, ADeepTreeIsCutAndTheCutListed) {
    ScratchDir work;
    ScratchDir out;
    const fs::path dir = out / "kept";
    // 70 levels below the cwd, whose own path adds a few more above.
    const RunResult r = run_keeping(work, dir, "p=.; for i in $(seq 70); do p=$p/d; done; mkdir -p $p && echo bottom > $p/f");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string manifest = read_file(dir / "manifest.txt");
    EXPECT_TRUE(contains(manifest, "\tdeeper than 64 levels of directories: its contents were not copied\n"))
        << manifest;
}

}  // namespace
}  // namespace itest
