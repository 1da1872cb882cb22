// Issue 2, point 2 (mount): fresh /tmp and /dev/shm, minimal /dev, read-only /sys, --tmpfs,
// capped tmpfs sizes, and a view the test cannot undo.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "isotest_run.hpp"
#include "sample_tree.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "tree_snapshot.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

TEST(MountSpecial, TmpIsFreshAndEmpty) {
    ScratchDir host_tmp("/tmp");
    write_file(host_tmp / "secret", "host\n");
    ScratchDir cwd(persistent_temp_parent());
    RunRequest request;
    request.cwd = cwd.path();
    const std::string written = "/tmp/isotest-itest-written-" + std::to_string(::getpid());
    request.args = {"--", "sh", "-c",
                    "ls -A /tmp; echo end; cat " + sh_quote((host_tmp / "secret").string()) +
                        " || echo hidden; echo inside > " + written + "; cat " + written};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "end\nhidden\ninside\n") << r.describe();
    EXPECT_FALSE(fs::exists(written));
}

TEST(MountSpecial, CwdUnderTmpStaysVisible) {
    ScratchDir sibling("/tmp");
    write_file(sibling / "secret", "host\n");
    ScratchDir cwd("/tmp");
    write_file(cwd / "here.txt", "visible\n");
    RunRequest request;
    request.cwd = cwd.path();
    request.args = {"--", "sh", "-c",
                    "pwd; cat here.txt; cat " + sh_quote((sibling / "secret").string()) +
                        " 2>/dev/null || echo sibling hidden"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, cwd.path().string() + "\nvisible\nsibling hidden\n") << r.describe();
}

TEST(MountSpecial, CommandUnderTmpStaysVisible) {
    ScratchDir bin("/tmp");
    write_file(bin / "test.sh", "#!/bin/sh\necho from tmp\n");
    fs::permissions(bin / "test.sh", fs::perms(0755));
    ScratchDir cwd(persistent_temp_parent());
    RunRequest request;
    request.cwd = cwd.path();
    request.args = {"--", (bin / "test.sh").string()};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "from tmp\n") << r.describe();
}

TEST(MountSpecial, DevShmIsFreshAndEmpty) {
    ScratchDir host_shm("/dev/shm");
    write_file(host_shm / "secret", "host\n");
    const RunResult r = run_isotest(
        {"--", "sh", "-c", "ls -A /dev/shm; echo end; echo x > /dev/shm/inside && cat /dev/shm/inside"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "end\nx\n") << r.describe();
    EXPECT_FALSE(fs::exists("/dev/shm/inside"));
}

TEST(MountSpecial, DevIsMinimal) {
    const RunResult r = run_isotest({"--", "ls", "-A", "/dev"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    const std::set<std::string> listed(lines.begin(), lines.end());
    const std::set<std::string> expected = {"null", "zero",  "full",  "random", "urandom",
                                            "tty",  "pts",   "ptmx",  "fd",     "stdin",
                                            "stdout", "stderr", "shm", "mqueue"};
    EXPECT_EQ(listed, expected) << r.describe();
}

// Bound from the host's nodes, or made with mknod when isotest is root of the initial user
// namespace: either way the same devices with the same modes.
TEST(MountSpecial, DevNodesAreTheHostsDevices) {
    const std::string stat_nodes = "stat -c '%n %t:%T %a' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty";
    const RunResult inside = run_isotest({"--", "sh", "-c", stat_nodes});
    RunRequest host_request;
    host_request.program = "/bin/sh";
    host_request.args = {"-c", stat_nodes};
    const RunResult host = run_isotest(host_request);
    ASSERT_EQ(inside.exit_code, 0) << inside.describe();
    ASSERT_EQ(host.exit_code, 0) << host.describe();
    EXPECT_EQ(inside.out, host.out) << inside.describe();
}

TEST(MountSpecial, DevNodesWork) {
    const RunResult r = run_isotest(
        {"--", "sh", "-c",
         "echo discard > /dev/null && echo null ok;"
         " head -c 4 /dev/zero | od -An -tx1;"
         " head -c 16 /dev/urandom | wc -c; head -c 16 /dev/random | wc -c;"
         " /bin/echo x > /dev/full 2>/tmp/err || cat /tmp/err;"
         " test -e /dev/fd/0 && test -L /dev/stdin && test -L /dev/stdout && test -L /dev/stderr && echo links ok"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 6u) << r.describe();
    EXPECT_EQ(lines[0], "null ok");
    EXPECT_EQ(lines[1], " 00 00 00 00");
    EXPECT_EQ(lines[2], "16");
    EXPECT_EQ(lines[3], "16");
    EXPECT_TRUE(contains(lines[4], "No space left on device")) << lines[4];
    EXPECT_EQ(lines[5], "links ok");
}

TEST(MountSpecial, SysIsReadOnly) {
    const RunResult r = run_isotest({"--root", "--", "sh", "-c", "mkdir /sys/isotest-itest"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.err, "Read-only file system")) << r.describe();
}

TEST(MountSpecial, TmpfsOptionGivesAnEmptyWritableDirectoryAndLeavesTheHostAlone) {
    ScratchDir covered(persistent_temp_parent());
    populate_sample_tree(covered.path());
    const TreeSnapshot before = snapshot_tree(covered.path());
    const std::string dir = covered.path().string();
    const RunResult r = run_isotest({"--tmpfs", dir, "--", "sh", "-c",
                                     "ls -A " + sh_quote(dir) + "; echo end; echo x > " +
                                         sh_quote(dir + "/new") + " && cat " + sh_quote(dir + "/new")});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "end\nx\n") << r.describe();
    EXPECT_EQ(describe_differences(before, snapshot_tree(covered.path())), "");
}

TEST(MountSpecial, TmpfsSizeCapsTmp) {
    const RunResult r = run_isotest(
        {"--tmpfs-size", "1M", "--", "sh", "-c",
         "dd if=/dev/zero of=/tmp/small bs=1024 count=256 2>/dev/null && echo small fits;"
         " rm /tmp/small; dd if=/dev/zero of=/tmp/big bs=1024 count=2048"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(contains(r.out, "small fits")) << r.describe();
    EXPECT_TRUE(contains(r.err, "No space left on device")) << r.describe();
}

// Prints one line per attempt: "<command>: failed" or "<command>: succeeded".
std::string script_trying_to_undo_the_view(const std::string& readonly_dir) {
    return "for m in /tmp /proc /dev /dev/shm /dev/mqueue /sys /usr " + sh_quote(readonly_dir) +
           " /; do"
           " if umount \"$m\" 2>/dev/null; then echo \"umount $m: succeeded\"; else echo \"umount $m: failed\"; fi;"
           " if umount -l \"$m\" 2>/dev/null; then echo \"umount -l $m: succeeded\"; else echo \"umount -l $m: failed\"; fi;"
           " done;"
           " for m in / /usr " + sh_quote(readonly_dir) + "; do"
           " if mount -o remount,rw \"$m\" 2>/dev/null; then echo \"remount $m: succeeded\"; else echo \"remount $m: failed\"; fi;"
           " if mount -o remount,rw,bind \"$m\" 2>/dev/null; then echo \"remount bind $m: succeeded\"; else echo \"remount bind $m: failed\"; fi;"
           " done;"
           " { echo x > " + sh_quote(readonly_dir + "/written") + "; } 2>/tmp/err && echo write: succeeded || cat /tmp/err";
}

void expect_view_cannot_be_undone(const std::vector<std::string>& extra_args) {
    ScratchDir readonly(persistent_temp_parent());
    const TreeSnapshot before = snapshot_tree(readonly.path());
    std::vector<std::string> options = {"--fs", "readonly"};
    options.insert(options.end(), extra_args.begin(), extra_args.end());
    const RunResult r = run_isotest_sh(options, {script_trying_to_undo_the_view(readonly.path().string())});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 9u * 2 + 3u * 2 + 1) << r.describe();
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        EXPECT_TRUE(contains(lines[i], ": failed")) << lines[i] << "\n" << r.describe();
    }
    EXPECT_TRUE(contains(lines.back(), "Read-only file system")) << r.describe();
    EXPECT_EQ(describe_differences(before, snapshot_tree(readonly.path())), "");
}

TEST(MountSpecial, TestCannotUnmountOrRemount) { expect_view_cannot_be_undone({}); }

TEST(MountSpecial, TestCannotUnmountOrRemountEvenAsRootInside) {
    expect_view_cannot_be_undone({"--root"});
}

}  // namespace
}  // namespace itest
