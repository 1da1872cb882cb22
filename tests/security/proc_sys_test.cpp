// Issue 6: the host's /proc/sys knobs and /proc/sysrq-trigger stay closed to a test, even one
// that is uid 0 under an identity map (isotest run as root), whom the kernel's sysctl checks
// would otherwise take for the host's root.
#include <gtest/gtest.h>

#include <filesystem>

#include "host.hpp"
#include "invoker.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "scratch_dir.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

const std::vector<std::vector<std::string>> kIdentities = {{}, {"--root"}};

// Knobs that are global to the host kernel (none of them namespaced) plus the sandbox's own
// hostname file. Opening for writing is what a change needs; nothing is written by these.
TEST(ProcSys, HostKnobsCannotBeOpenedForWriting) {
    const std::string script =
        "for knob in /proc/sys/kernel/core_pattern /proc/sys/kernel/core_uses_pid /proc/sys/vm/drop_caches "
        "/proc/sys/kernel/hostname /proc/sysrq-trigger; do "
        "if sh -c ': >> \"$0\"' $knob 2>/dev/null; then echo \"$knob: writable\"; else echo \"$knob: refused\"; fi; done";
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {script});
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out,
                  "/proc/sys/kernel/core_pattern: refused\n/proc/sys/kernel/core_uses_pid: refused\n"
                  "/proc/sys/vm/drop_caches: refused\n/proc/sys/kernel/hostname: refused\n/proc/sysrq-trigger: refused\n")
            << r.describe();
    }
}

// The same, for real: flip a harmless global knob and look at it from the host.
TEST(ProcSys, HostKnobKeepsItsValue) {
    const fs::path knob = "/proc/sys/kernel/core_uses_pid";
    const std::string before = read_file(knob);
    const std::string flipped = before == "0\n" ? "1" : "0";
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {"echo " + flipped + " > " + knob.string() + " 2>/dev/null; exit 0"});
        const std::string after = read_file(knob);
        if (after != before && invoked_as_root()) write_file(knob, before);  // put the host back
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(after, before) << "the test changed the host's " << knob << "\n" << r.describe();
    }
}

TEST(ProcSys, HostnameFileIsReadOnly) {
    const std::string before = host_name();
    for (const auto& identity : kIdentities) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--hostname", "sandboxed", "--", "sh", "-c",
                                 "(echo evil > /proc/sys/kernel/hostname) 2>/dev/null && echo written || echo refused; hostname"});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "refused\nsandboxed\n") << r.describe();
        EXPECT_EQ(host_name(), before) << r.describe();
    }
}

}  // namespace
}  // namespace sectest
