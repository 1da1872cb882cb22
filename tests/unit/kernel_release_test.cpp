// The kernel versions isotest needs (kernel_release): parsing uname's release, doctor's verdict,
// and the one-line cause of a setup step that failed for want of a late feature.
#include "sandbox/kernel_release.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "sandbox/diagnose.hpp"

namespace isotest::kernel_release {
namespace {

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

TEST(KernelRelease, ParsesDistributionReleases) {
    ASSERT_TRUE(parse("6.1.0-28-amd64"));
    EXPECT_EQ(parse("6.1.0-28-amd64")->major, 6);
    EXPECT_EQ(parse("6.1.0-28-amd64")->minor, 1);
    EXPECT_EQ(parse("5.10.0-35-amd64")->minor, 10);
    EXPECT_EQ(parse("6.18.44-fc-v1147")->minor, 18);
    EXPECT_EQ(parse("5.15")->minor, 15);
    EXPECT_FALSE(parse(""));
    EXPECT_FALSE(parse("6"));
    EXPECT_FALSE(parse("six.one"));
    EXPECT_FALSE(parse("6."));
}

TEST(KernelRelease, DoctorNamesTheVersionNeeded) {
    const Verdict bookworm = assess("6.1.0-28-amd64");
    EXPECT_TRUE(bookworm.ok) << bookworm.detail;
    EXPECT_TRUE(has(bookworm.detail, "Linux 6.1.0-28-amd64: has mount_setattr(2) (5.12)")) << bookworm.detail;
    EXPECT_TRUE(assess("5.12.0").ok);

    const Verdict bullseye = assess("5.10.0-35-amd64");
    EXPECT_FALSE(bullseye.ok);
    EXPECT_TRUE(has(bullseye.detail, "Linux 5.10.0-35-amd64 is older than 5.12, which isotest needs")) << bullseye.detail;
    EXPECT_TRUE(has(bullseye.detail, "overlayfs in a user namespace, the default --fs overlay without root, needs 5.11"))
        << bullseye.detail;
    EXPECT_TRUE(has(bullseye.detail, "fix: run on Linux 5.12 or later")) << bullseye.detail;
    EXPECT_FALSE(has(assess("5.11.0").detail, "needs 5.11")) << assess("5.11.0").detail;

    EXPECT_TRUE(assess("weird").ok);  // the other checks decide
}

TEST(KernelRelease, AFailedStepNamesTheMissingFeature) {
    const std::string setattr = missing_feature("5.10.0-35-amd64", "mount_setattr /newroot: Function not implemented", ENOSYS);
    EXPECT_EQ(setattr,
              "this kernel (Linux 5.10.0-35-amd64) has no mount_setattr(2), which isotest needs (Linux >= 5.12); "
              "fix: run on Linux 5.12 or later");
    EXPECT_TRUE(has(missing_feature("5.10.0", "mount overlay /tmp/x: Operation not permitted", EPERM),
                    "does not allow overlayfs in a user namespace (needs Linux >= 5.11); fix: run on Linux 5.12 or later"));
    EXPECT_EQ(missing_feature("6.1.0", "mount overlay /tmp/x: Operation not permitted", EPERM), "");
    EXPECT_EQ(missing_feature("5.10.0", "clone: Operation not permitted", EPERM), "");

    // diagnose puts it before every other suspect (AppArmor, containers).
    diagnose::HostFacts host;
    host.in_container = true;
    host.kernel_release = "5.10.0-35-amd64";
    EXPECT_TRUE(has(diagnose::likely_cause(host, "mount_setattr /x: Function not implemented", ENOSYS), "Linux >= 5.12"));
}

}  // namespace
}  // namespace isotest::kernel_release
