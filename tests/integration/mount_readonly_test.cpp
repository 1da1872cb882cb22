// Issue 2, point 2 (mount), --fs readonly: writes outside --rw paths and tmpfs fail with EROFS;
// --rw paths persist on the host, owned by the invoking user.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

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

// Runs each write operation in DIR and prints "<op>: <error>" or "<op>: succeeded".
std::string script_trying_writes(const std::string& dir) {
    return "cd " + sh_quote(dir) +
           " || exit 99; for op in 'echo x > new' 'echo x >> README' 'mkdir newdir' 'rm README'"
           " 'mv README moved' 'touch README' 'ln -s README newlink' 'chmod 600 README'; do"
           " if sh -c \"$op\" 2>/tmp/err; then echo \"$op: succeeded\"; else echo \"$op: $(cat /tmp/err)\"; fi;"
           " done";
}

void expect_every_write_fails_with_erofs(const RunResult& r) {
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    EXPECT_EQ(lines.size(), 8u) << r.describe();
    for (const auto& line : lines) {
        EXPECT_TRUE(contains(line, "Read-only file system")) << line << "\n" << r.describe();
    }
}

TEST(MountReadonly, WritesInTheUsersOwnTreeFailWithErofs) {
    ScratchDir tree(persistent_temp_parent());
    populate_sample_tree(tree.path());
    const TreeSnapshot before = snapshot_tree(tree.path());
    const RunResult r =
        run_isotest({"--fs", "readonly", "--", "sh", "-c", script_trying_writes(tree.path().string())});
    expect_every_write_fails_with_erofs(r);
    EXPECT_EQ(describe_differences(before, snapshot_tree(tree.path())), "");
}

TEST(MountReadonly, WritesInTheCwdAndHomeFailWithErofs) {
    ScratchDir home(persistent_temp_parent());
    populate_sample_tree(home.path());
    const TreeSnapshot before = snapshot_tree(home.path());
    RunRequest request;
    request.cwd = home.path();
    request.env["HOME"] = home.path().string();
    request.args = {"--fs", "readonly", "--", "sh", "-c", "cd; " + script_trying_writes(".")};
    expect_every_write_fails_with_erofs(run_isotest(request));
    EXPECT_EQ(describe_differences(before, snapshot_tree(home.path())), "");
}

TEST(MountReadonly, UsrIsReadOnlyEvenForRoot) {
    const std::string file = "/usr/isotest-itest-" + std::to_string(::getpid());
    const RunResult r = run_isotest({"--fs", "readonly", "--root", "--", "sh", "-c", "echo x > " + file});
    const bool leaked = fs::exists(file);
    if (leaked) fs::remove(file);
    EXPECT_FALSE(leaked);
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.err, "Read-only file system")) << r.describe();
}

TEST(MountReadonly, TmpAndTmpfsPathsStayWritable) {
    ScratchDir covered(persistent_temp_parent());
    const std::string dir = covered.path().string();
    const RunResult r = run_isotest(
        {"--fs", "readonly", "--tmpfs", dir, "--", "sh", "-c",
         "set -e; echo a > /tmp/a; echo b > /dev/shm/b; echo c > " + sh_quote(dir + "/c") +
             "; cat /tmp/a /dev/shm/b " + sh_quote(dir + "/c")});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "a\nb\nc\n") << r.describe();
    EXPECT_TRUE(fs::is_empty(covered.path()));
}

// A --tmpfs path the host lacks has no mount point in a read-only view, nor could one be made
// there: isotest brings it in a lower layer of the read-only overlay (as it does /.isotest for the
// test's own results). Once "mkdir ...: Read-only file system" before the test ran.
TEST(MountReadonly, TmpfsPathsTheHostLacksAreWritableToo) {
    ScratchDir parent(persistent_temp_parent());
    const std::string missing = (parent / "not" / "there").string();
    const RunResult r = run_isotest({"--fs", "readonly", "--tmpfs", missing, "--", "sh", "-c",
                                     "echo c > \"$0/c\" && cat \"$0/c\"; echo d > \"$0/../d\"", missing});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.out, "c\n") << r.describe();
    EXPECT_TRUE(contains(r.err, "Read-only file system")) << r.describe();
    EXPECT_TRUE(fs::is_empty(parent.path()));
}

void expect_rw_writes_persist_owned_by_invoker(const std::vector<std::string>& extra_args) {
    ScratchDir rw(persistent_temp_parent());
    write_file(rw / "existing", "old\n");
    const std::string dir = rw.path().string();
    std::vector<std::string> args = extra_args;
    args.insert(args.end(), {"--rw", dir, "--", "sh", "-c",
                             "set -e; cd " + sh_quote(dir) +
                                 "; echo data > file; mkdir sub; echo nested > sub/file;"
                                 " echo new >> existing"});
    const RunResult r = run_isotest(args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(read_file(rw / "file"), "data\n");
    EXPECT_EQ(read_file(rw / "sub" / "file"), "nested\n");
    EXPECT_EQ(read_file(rw / "existing"), "old\nnew\n");
    for (const char* name : {"file", "sub", "sub/file"}) {
        struct stat st {};
        ASSERT_EQ(::stat((rw / name).c_str(), &st), 0) << name;
        EXPECT_EQ(st.st_uid, ::getuid()) << name;
        EXPECT_EQ(st.st_gid, ::getgid()) << name;
    }
}

TEST(MountRw, WritesPersistOwnedByTheInvokerWithOverlay) {
    expect_rw_writes_persist_owned_by_invoker({});
}

TEST(MountRw, WritesPersistOwnedByTheInvokerWithReadonly) {
    expect_rw_writes_persist_owned_by_invoker({"--fs", "readonly"});
}

TEST(MountRw, WritesAsRootInsidePersistOwnedByTheInvoker) {
    expect_rw_writes_persist_owned_by_invoker({"--root"});
}

// A --rw file is bound over a mount point in the view; making that mount point must not copy the
// host file up through the overlay (it once did: onto the one tmpfs every write shares, which a
// file larger than --tmpfs-size filled before the test ran, and listed as written by the test).
TEST(MountRw, ARwFileIsNotCopiedOntoTheSandboxsTmpfs) {
    ScratchDir dir, reports;
    const fs::path file = dir / "big";
    write_file(file, std::string(2 << 20, 'x'));
    const fs::path report = reports / "report.xml";
    const RunResult r = run_isotest({"--tmpfs-size", "1M", "--rw", file.string(), "--junit", report.string(), "--",
                                     "sh", "-c", "echo appended >> \"$0\" && wc -c < \"$0\"", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, std::to_string((2 << 20) + 9) + "\n") << r.describe();
    EXPECT_EQ(junit_property(read_file(report), "isotest.written_files"), "none");
    EXPECT_EQ(fs::file_size(file), (2u << 20) + 9);
}

TEST(MountRw, RwPathUnderTmpPersists) {
    ScratchDir rw("/tmp");
    const std::string file = (rw / "file").string();
    const RunResult r = run_isotest({"--rw", rw.path().string(), "--", "sh", "-c", "echo data > " + sh_quote(file)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    ASSERT_TRUE(fs::exists(file)) << r.describe();
    EXPECT_EQ(read_file(file), "data\n");
}

}  // namespace
}  // namespace itest
