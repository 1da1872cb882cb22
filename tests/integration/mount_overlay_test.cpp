// Issue 2, point 2 (mount), default --fs overlay: every host path is visible, writes succeed
// where the invoking user may write, and afterwards the host is byte-for-byte unchanged.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "invoker.hpp"
#include "isotest_run.hpp"
#include "sample_tree.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "tree_snapshot.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// Fills TREE with the sample tree, runs SCRIPT (which modifies it) as REQUEST says, and expects
// every write to have succeeded inside and TREE to be exactly as before on the host.
void expect_writes_vanish(const fs::path& tree, RunRequest request, const std::string& script) {
    populate_sample_tree(tree);
    const TreeSnapshot before = snapshot_tree(tree);
    request.args = {"--", "sh", "-c", script};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, sample_tree_script_output) << r.describe();
    EXPECT_EQ(describe_differences(before, snapshot_tree(tree)), "");
}

TEST(MountOverlay, WritesInTheCwdVanish) {
    ScratchDir cwd(persistent_temp_parent());
    RunRequest request;
    request.cwd = cwd.path();
    expect_writes_vanish(cwd.path(), request, script_modifying_sample_tree("."));
}

TEST(MountOverlay, WritesInHomeVanish) {
    ScratchDir home(persistent_temp_parent());
    RunRequest request;
    request.env["HOME"] = home.path().string();
    expect_writes_vanish(home.path(), request, "cd; " + script_modifying_sample_tree("."));
}

TEST(MountOverlay, WritesInASourceTreeVanish) {
    ScratchDir source(persistent_temp_parent());
    ScratchDir elsewhere(persistent_temp_parent());
    RunRequest request;
    request.cwd = elsewhere.path();
    expect_writes_vanish(source.path(), request, script_modifying_sample_tree(source.path().string()));
}

// Removing or renaming a directory of the host (here one with files, as `rm -r` and a `mv` that
// falls back to copy-and-remove do) needs the overlay to mark its upper copy in an extended
// attribute. Unprivileged before Linux 6.6 tmpfs keeps none the overlay may use: the kernel says
// EIO, which isotest cannot change but says why, with -v and in doctor. As root, and from 6.6 on,
// it works. The host keeps its tree either way.
TEST(MountOverlay, RemovingOrRenamingAHostDirectoryWorksOrIsExplained) {
    ScratchDir tree(persistent_temp_parent());
    ScratchDir out;
    const fs::path report = out / "report.xml";
    populate_sample_tree(tree.path());
    const TreeSnapshot before = snapshot_tree(tree.path());
    RunRequest request;
    request.cwd = tree.path();
    request.args = {"-v", "--junit", report.string(), "--", "sh", "-c",
                    "mv src/lib src/moved && rm -r src && test ! -e src && echo gone"};
    const RunResult r = run_isotest(request);
    const std::string xml = read_file(report);
    const RunResult doctor = run_isotest({"doctor"});
    const std::string limit = "removing or renaming a directory of the host inside the sandbox fails with EIO on this kernel";
    if (host_directories_removable()) {
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "gone\n") << r.describe();
        EXPECT_EQ(r.err.find(limit), std::string::npos) << r.describe();
        EXPECT_TRUE(contains(doctor.out, "ok    removing or renaming host directories inside")) << doctor.describe();
        EXPECT_FALSE(contains(xml, "isotest.overlay_limit")) << xml;
    } else {
        // The report too: a property, and a note in the failure's body.
        EXPECT_TRUE(contains(xml, "<property name=\"isotest.overlay_limit\" value=\"" + limit)) << xml;
        EXPECT_TRUE(contains(xml, "note: " + limit)) << xml;
        EXPECT_NE(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "Input/output error")) << r.describe();
        EXPECT_TRUE(contains(r.err, limit)) << r.describe();
        EXPECT_TRUE(contains(doctor.out, "warn  removing or renaming host directories inside")) << doctor.describe();
        EXPECT_TRUE(contains(doctor.out, limit)) << doctor.describe();
    }
    EXPECT_EQ(describe_differences(before, snapshot_tree(tree.path())), "");
}

// Unprivileged, writing in a directory of yours below one of root's (a build tree in a shared
// checkout) copies up that root-owned directory, which the namespace cannot own: isotest gives
// such a working directory an overlay of its own, and the writes succeed and vanish. (Only root
// can build that tree: it then runs isotest as an ordinary uid; a directory of yours right
// below a top-level one, as $HOME in /home, needs no overlay of its own and works too.)
TEST(MountOverlay, WritesWorkInADirectoryOfYoursBelowOneOfRoots) {
    ScratchDir outer(persistent_temp_parent());
    fs::path mine = outer.path();
    RunRequest request;
    if (invoked_as_root()) {
        constexpr uid_t kOrdinary = 4242;
        ASSERT_EQ(::chmod(outer.path().c_str(), 0755), 0);
        fs::create_directory(outer / "roots");
        mine = outer / "roots" / "mine";
        fs::create_directory(mine);
        ASSERT_EQ(::chown(mine.c_str(), kOrdinary, kOrdinary), 0);
        request.wrapper = {"setpriv", "--reuid=" + std::to_string(kOrdinary), "--regid=" + std::to_string(kOrdinary),
                           "--clear-groups"};
    }
    request.cwd = mine;
    request.args = {"--", "sh", "-c", "echo x > f && cat f && mkdir d && echo y > d/g && cat d/g"};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "x\ny\n") << r.describe();
    EXPECT_FALSE(fs::exists(mine / "f"));
    EXPECT_FALSE(fs::exists(mine / "d"));
}

// A host mount's noexec holds inside too: each overlay is a mount of its own, which would not
// carry the flag by itself (a bind would). Root makes the noexec mount on the host (the
// view-first launch shows it); an ordinary user makes it as root of a user namespace around
// isotest (which then builds the view from there).
TEST(MountOverlay, NoexecHostMountsStayNoexec) {
    ScratchDir dir(persistent_temp_parent());
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const fs::path mount_point = dir / "noexec";
    fs::create_directory(mount_point);
    const std::string script = (mount_point / "script").string();
    const std::string make = "mount -t tmpfs -o noexec,mode=0755 none " + sh_quote(mount_point.string()) +
                             " && printf '#!/bin/sh\\necho ran\\n' > " + sh_quote(script) + " && chmod 755 " +
                             sh_quote(script);
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{invoked_as_root() ? mount_point.string() : std::string()};
    RunRequest request;
    if (invoked_as_root()) {
        ASSERT_EQ(std::system(make.c_str()), 0);
    } else {
        request.wrapper = {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c", make + " && exec \"$@\"", "sh"};
    }
    request.args = {"--", "sh", "-c", sh_quote(script) + " 2>/dev/null || echo refused; cat " + sh_quote(script) +
                                          " >/dev/null && echo readable"};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "refused\nreadable\n") << r.describe();
}

TEST(MountOverlay, WritesSeeTheirOwnChangesAcrossProcesses) {
    ScratchDir dir(persistent_temp_parent());
    const std::string file = (dir / "counter").string();
    const RunResult r = run_isotest(
        {"--", "sh", "-c",
         "echo 1 > " + sh_quote(file) + "; sh -c 'echo 2 >> " + file + "'; cat " + sh_quote(file)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "1\n2\n") << r.describe();
    EXPECT_FALSE(fs::exists(file));
}

TEST(MountOverlay, WritingUsrSucceedsAndVanishesForRootAndIsDeniedOtherwise) {
    const fs::path file = fs::path("/usr") / ("isotest-itest-" + std::to_string(::getpid()));
    struct stat before {};
    ASSERT_EQ(::stat("/usr", &before), 0);
    const RunResult r =
        run_isotest({"--", "sh", "-c", "echo written > " + file.string() + " && cat " + file.string()});
    const bool leaked = fs::exists(file);
    if (leaked) fs::remove(file);  // only possible as root; keep the machine clean
    EXPECT_FALSE(leaked) << file << " reached the host";
    if (invoked_as_root()) {
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "written\n") << r.describe();
    } else {
        // Exactly as without isotest: the user has no write permission on /usr.
        EXPECT_NE(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "Permission denied")) << r.describe();
    }
    struct stat after {};
    ASSERT_EQ(::stat("/usr", &after), 0);
    EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
}

TEST(MountOverlay, UnwritableFilesStayUnwritableForOrdinaryUsers) {
    ScratchDir dir(persistent_temp_parent());
    write_file(dir / "locked", "locked\n");
    fs::permissions(dir / "locked", fs::perms(0444));
    fs::permissions(dir.path(), fs::perms(0555));
    const TreeSnapshot before = snapshot_tree(dir.path());
    const RunResult r = run_isotest(
        {"--", "sh", "-c",
         "echo x >> " + sh_quote((dir / "locked").string()) + "; echo x > " + sh_quote((dir / "new").string())});
    if (invoked_as_root()) {
        EXPECT_EQ(r.exit_code, 0) << r.describe();
    } else {
        EXPECT_NE(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, "Permission denied")) << r.describe();
    }
    EXPECT_EQ(describe_differences(before, snapshot_tree(dir.path())), "");
}

// Every top-level host directory is as readable and searchable inside as outside: overlays
// keep the host's rights, and a directory the invoker can neither read nor search (root's
// /root to anyone else) is shown as an empty stand-in with no rights at all.
TEST(MountOverlay, TopLevelDirectoriesKeepTheirReadability) {
    std::string script, expected;
    for (const auto& entry : fs::directory_iterator("/")) {
        const std::string path = entry.path().string();
        if (!entry.is_directory() || entry.is_symlink() || path == "/proc" || path == "/sys" || path == "/dev" ||
            path == "/tmp") {
            continue;
        }
        const bool reachable = ::access(path.c_str(), R_OK | X_OK) == 0;
        expected += path + (reachable ? " yes\n" : " no\n");
        script += "if ls '" + path + "' >/dev/null 2>&1; then echo '" + path + " yes'; else echo '" + path + " no'; fi; ";
    }
    ASSERT_FALSE(script.empty());
    const RunResult r = run_isotest({"--", "sh", "-c", script});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, expected) << r.describe();
}

// With --junit the report names the files the test wrote outside its writable paths, read from
// the overlays' upper layers (isotest.written_files): new files, nested ones, deletions; not
// what went to /tmp or a --rw path.
TEST(MountOverlay, ReportNamesTheFilesWrittenOutsideTheWritablePaths) {
    ScratchDir work, rw, reports;
    write_file(work / "old", "old\n");
    const fs::path report = reports / "report.xml";
    RunRequest request;
    request.cwd = work.path();
    request.args = {"--junit", report.string(), "--rw", rw.str(), "--", "sh", "-c",
                    "echo a > new && mkdir -p deep/er && echo b > deep/er/file && rm old && echo c > /tmp/t && "
                    "echo d > \"$0\"/x",
                    rw.str()};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string prefix = work.str();
    EXPECT_EQ(junit_property(read_file(report), "isotest.written_files"),
              prefix + "/deep/er/file, " + prefix + "/new, " + prefix + "/old (deleted)")
        << read_file(report);
    EXPECT_TRUE(fs::exists(work / "old"));   // the deletion vanished with the sandbox
    EXPECT_TRUE(fs::exists(rw / "x"));       // the --rw write persisted
}

// The scan of the upper layers stops 64 directories down; what lies deeper is not dropped
// silently (it once was: "none" for a file written 71 levels down) but named by the directory
// where the scan stopped.
TEST(MountOverlay, ReportNamesWritesBelowTheScansDepthByWhereItStopped) {
    ScratchDir work, reports;
    const fs::path report = reports / "report.xml";
    std::string deep = "d";
    for (int level = 1; level < 71; ++level) deep += "/d";
    RunRequest request;
    request.cwd = work.path();
    request.args = {"--junit", report.string(), "--", "sh", "-c", "mkdir -p \"$0\" && echo x > \"$0\"/file", deep};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string written = junit_property(read_file(report), "isotest.written_files");
    const std::string marker = " (written below; deeper levels not scanned)";
    ASSERT_TRUE(written.ends_with(marker)) << written;
    const std::string cut = written.substr(0, written.size() - marker.size());
    EXPECT_TRUE((work.str() + "/" + deep + "/file").starts_with(cut + "/")) << written;
    EXPECT_GT(cut.size(), work.str().size()) << written;
}

TEST(MountOverlay, OnlyRwPathsPersist) {
    ScratchDir parent(persistent_temp_parent());
    fs::create_directory(parent / "rw");
    fs::create_directory(parent / "other");
    const TreeSnapshot other_before = snapshot_tree(parent / "other");
    const RunResult r = run_isotest({"--rw", (parent / "rw").string(), "--", "sh", "-c",
                                     "echo kept > " + sh_quote((parent / "rw" / "f").string()) +
                                         "; echo dropped > " + sh_quote((parent / "other" / "f").string())});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(read_file(parent / "rw" / "f"), "kept\n");
    EXPECT_EQ(describe_differences(other_before, snapshot_tree(parent / "other")), "");
}

TEST(MountOverlay, TmpfsSizeCapsTheUpperLayer) {
    ScratchDir dir(persistent_temp_parent());
    const RunResult r = run_isotest(
        {"--tmpfs-size", "1M", "--", "sh", "-c",
         "dd if=/dev/zero of=" + sh_quote((dir / "big").string()) + " bs=1024 count=2048"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.err, "No space left on device")) << r.describe();
    EXPECT_FALSE(fs::exists(dir / "big"));
}

}  // namespace
}  // namespace itest
