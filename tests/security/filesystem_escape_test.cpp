// Issue 6: a test must not write any host file outside its --rw paths, by any route: directly,
// through /proc/self/root, through symlinks planted in a writable directory, through "..",
// hard links, or by unmounting/remounting its view (also from a nested user namespace, and
// with --root). Every attempt runs for real; the host tree is compared afterwards.
#include <gtest/gtest.h>

#include <filesystem>

#include "isotest_run.hpp"
#include "probes.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "tree.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// sh function: runs "$@" and prints "NAME: wrote" or "NAME: refused".
constexpr const char* kAttempt =
    "attempt() { name=$1; shift; if \"$@\" 2>/dev/null; then echo \"$name: wrote\"; "
    "else echo \"$name: refused\"; fi; }; ";

std::string write_attempts(const EscapeTree& tree) {
    const std::string out = sh_quote(tree.outside());
    const std::string rw = sh_quote(tree.rw());
    return std::string(kAttempt) +
           "attempt create sh -c 'echo x > \"$0\"/new' " + out + "; "
           "attempt append sh -c 'echo x >> \"$0\"/existing' " + out + "; "
           "attempt delete rm " + out + "/victim; "
           "attempt mkdir mkdir " + out + "/newdir; "
           "attempt chmod chmod 000 " + out + "/existing; "
           "attempt proc-self-root sh -c 'echo x > /proc/self/root\"$0\"/via-self-root' " + out + "; "
           "attempt proc-1-root sh -c 'echo x > /proc/1/root\"$0\"/via-1-root' " + out + "; "
           "attempt proc-self-cwd sh -c 'cd \"$0\" && echo x > /proc/self/cwd/via-cwd' " + out + "; "
           "attempt planted-absolute-link ln -s " + out + " " + rw + "/planted; "
           "attempt write-through-planted sh -c 'echo x > \"$0\"/planted/via-planted' " + rw + "; "
           "attempt write-through-host-link sh -c 'echo x > \"$0\"/host-absolute/via-host-link' " + rw + "; "
           "attempt write-through-relative-link sh -c 'echo x > \"$0\"/host-relative/via-relative' " + rw + "; "
           "attempt dotdot sh -c 'echo x > \"$0\"/../outside/via-dotdot' " + rw + "; "
           "attempt dotdot-cwd sh -c 'cd \"$0\" && echo x > ../outside/via-dotdot-cwd && echo x > ../beside' " + rw + "; "
           "attempt hard-link ln " + out + "/existing " + rw + "/hard; "
           "attempt write-through-hard-link sh -c 'echo x >> \"$0\"/hard' " + rw + "; "
           "attempt rename-out mv " + out + "/sub/deep " + rw + "/stolen; "
           "attempt rw-itself sh -c 'echo inside > \"$0\"/allowed' " + rw + "; "
           "exit 0";
}

void plant_host_links(const EscapeTree& tree) {
    fs::create_directory_symlink(tree.outside(), fs::path(tree.rw()) / "host-absolute");
    fs::create_directory_symlink("../outside", fs::path(tree.rw()) / "host-relative");
}

class WriteOutsideRw : public testing::TestWithParam<std::vector<std::string>> {};

TEST_P(WriteOutsideRw, NeverReachesTheHost) {
    EscapeTree tree;
    plant_host_links(tree);
    const auto before = tree.snapshot_outside();
    std::vector<std::string> args = GetParam();
    for (const std::string& word : std::vector<std::string>{"--rw", tree.rw(), "--", "sh", "-c", write_attempts(tree)}) {
        args.push_back(word);
    }
    const RunResult r = run_isotest(args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(differences(before, tree.snapshot_outside()), "") << r.describe();
    // The writable path itself works, so the attempts above really ran in a working sandbox.
    EXPECT_EQ(read_file_if_exists(fs::path(tree.rw()) / "allowed"), "inside\n") << r.describe();
    EXPECT_TRUE(contains(r.out, "rw-itself: wrote")) << r.describe();
    // A hard link across the --rw bind would let later writes reach the host file.
    EXPECT_TRUE(contains(r.out, "hard-link: refused")) << r.describe();
    if (std::find(args.begin(), args.end(), "readonly") != args.end()) {
        for (const char* refused : {"create: refused", "append: refused", "delete: refused", "dotdot: refused",
                                    "proc-self-root: refused", "write-through-planted: refused"}) {
            EXPECT_TRUE(contains(r.out, refused)) << refused << "\n" << r.describe();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, WriteOutsideRw,
                         testing::Values(std::vector<std::string>{},
                                         std::vector<std::string>{"--root"},
                                         std::vector<std::string>{"--fs", "readonly"},
                                         std::vector<std::string>{"--fs", "readonly", "--root"}),
                         [](const testing::TestParamInfo<std::vector<std::string>>& info) {
                             std::string name;
                             for (const auto& word : info.param) name += word == "--root" ? "Root" : word == "readonly" ? "Readonly" : "";
                             return name.empty() ? std::string("Overlay") : name;
                         });

// Unmounting or remounting the view, then writing: from the test itself and from a nested
// user namespace, where the test holds every capability over its own copy of the mounts.
std::string remount_attempts(const EscapeTree& tree) {
    const std::string out = sh_quote(tree.outside());
    return std::string(kAttempt) +
           "attempt remount-root mount -o remount,rw /; "
           "attempt remount-var mount -o remount,rw /var; "
           "attempt remount-bind mount -o remount,bind,rw /var; "
           "attempt umount-var umount /var; "
           "attempt umount-lazy-var umount -l /var; "
           "attempt umount-lazy-root umount -l /; "
           "attempt bind-proc-root mount --bind /proc/1/root /mnt; "
           "attempt write-after sh -c 'echo x > \"$0\"/after-remount' " + out + "; ";
}

class Remount : public testing::TestWithParam<std::vector<std::string>> {};

TEST_P(Remount, CannotRevealAWritableHostPath) {
    EscapeTree tree;
    const auto before = tree.snapshot_outside();
    const std::string attempts = remount_attempts(tree);
    const std::string script = "echo '== direct'; " + attempts +
                               "echo '== nested user namespace'; "
                               "unshare --user --map-root-user --mount sh -c " + sh_quote(attempts + "exit 0") +
                               " || echo 'nested: unshare refused'; exit 0";
    std::vector<std::string> args = GetParam();
    for (const std::string& word : std::vector<std::string>{"--rw", tree.rw(), "--", "sh", "-c", script}) args.push_back(word);
    const RunResult r = run_isotest(args);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(differences(before, tree.snapshot_outside()), "") << r.describe();
    const bool readonly = std::find(args.begin(), args.end(), "readonly") != args.end();
    bool nested = false;
    for (const auto& line : lines_of(r.out)) {
        if (line == "== nested user namespace") nested = true;
        if (line.rfind("==", 0) == 0) continue;
        const bool refused = contains(line, ": refused");
        if (contains(line, "write-after")) {
            // The view stays read-only whatever was tried before.
            if (readonly) {
                EXPECT_TRUE(refused) << line << "\n" << r.describe();
            }
        } else if (!nested || (readonly && contains(line, "remount"))) {
            // Directly the test has no CAP_SYS_ADMIN over its mounts; in a nested namespace it
            // has, but read-only mounts inherited into a less privileged namespace stay locked
            // (an overlay is writable anyway: remounting it rw changes nothing).
            EXPECT_TRUE(refused) << line << "\n" << r.describe();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, Remount,
                         testing::Values(std::vector<std::string>{"--fs", "readonly"},
                                         std::vector<std::string>{"--fs", "readonly", "--root"},
                                         std::vector<std::string>{},
                                         std::vector<std::string>{"--root"}),
                         [](const testing::TestParamInfo<std::vector<std::string>>& info) {
                             std::string name;
                             for (const auto& word : info.param) name += word == "--root" ? "Root" : word == "readonly" ? "Readonly" : "";
                             return name.empty() ? std::string("Overlay") : name;
                         });

TEST(OpenByHandle, CannotOpenInodesOutsideTheView) {
    // Handles are per filesystem; a working open_by_handle_at would open any host inode.
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--root"}}) {
        std::vector<std::string> args = extra;
        args.insert(args.end(), {"--", probe("open_by_handle"), "/etc/hostname"});
        const RunResult r = run_isotest(args);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.out, "refused")) << r.describe();
    }
}

TEST(DeviceNodes, CannotBeCreatedOrUsed) {
    // The host's root disk as a block device, created in a fresh tmpfs and then read.
    const std::string script = std::string(kAttempt) +
                               "attempt mknod mknod /tmp/disk b 253 0; "
                               "attempt read-disk dd if=/tmp/disk of=/dev/null bs=512 count=1; exit 0";
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--root"}}) {
        const RunResult r = run_isotest_sh(extra, {script});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "mknod: refused\nread-disk: refused\n") << r.describe();
    }
}

TEST(SysFs, IsReadOnly) {
    // Opening for writing (nothing is written) is what a change would need.
    const std::string script = std::string(kAttempt) +
                               "attempt sysfs sh -c ': >> /sys/kernel/mm/transparent_hugepage/enabled'; "
                               "attempt sysfs-uevent sh -c ': >> /sys/kernel/uevent_helper'; exit 0";
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--root"}}) {
        const RunResult r = run_isotest_sh(extra, {script});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "sysfs: refused\nsysfs-uevent: refused\n") << r.describe();
    }
}

TEST(FileDescriptors, NoneOfIsotestsLeakIntoTheTest) {
    // Whatever this harness leaks to its children (gtest's and ctest's descriptors, which a
    // command started directly does get), the test has only 0 1 2, and ls's own directory —
    // also with --keep-writes, whose host directory init holds open while the test runs, and
    // with the network responder's pipe and TUN in play (a report turns the recorder on).
    ScratchDir reports;
    const std::string report = (reports / "report.xml").string();
    const std::string kept = (reports / "kept").string();
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, std::vector<std::string>{"--junit", report},
          std::vector<std::string>{"--keep-writes", kept, "--junit", report}}) {
        std::vector<std::string> args = extra;
        args.insert(args.end(), {"--", "ls", "/proc/self/fd"});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "0\n1\n2\n3\n") << r.describe();
    }
}

}  // namespace
}  // namespace sectest
