// AppArmor's user namespace restriction as `isotest doctor` and failed setups report it: the
// verdict from the host's files, given here as strings.
#include <gtest/gtest.h>

#include "sandbox/apparmor.hpp"

using namespace isotest;

namespace {

apparmor::HostState restricted() {
    apparmor::HostState host;
    host.restrict_sysctl = "1\n";
    host.profiles_readable = true;
    host.profiles = "/usr/bin/man (enforce)\nbwrap (unconfined)\nunprivileged_userns (enforce)\n";
    host.profile_installed = true;
    host.own_label = "unconfined\n";
    host.executable = "/usr/bin/isotest";
    return host;
}

}  // namespace

TEST(AppArmor, FindsTheIsotestProfileByNameOnly) {
    EXPECT_TRUE(apparmor::profile_loaded("a (enforce)\nisotest (unconfined)\n"));
    EXPECT_TRUE(apparmor::profile_loaded("isotest (unconfined)"));
    EXPECT_FALSE(apparmor::profile_loaded("isotest-helper (enforce)\n/usr/bin/isotest (enforce)\nmyisotest (unconfined)\n"));
    EXPECT_FALSE(apparmor::profile_loaded(""));
    EXPECT_FALSE(apparmor::profile_loaded("unconfined\n"));
}

TEST(AppArmor, TheProfileCoversTheTwoInstalledPaths) {
    EXPECT_TRUE(apparmor::profile_covers("/usr/bin/isotest"));
    EXPECT_TRUE(apparmor::profile_covers("/usr/local/bin/isotest"));
    EXPECT_FALSE(apparmor::profile_covers("/home/me/isotest/build/src/isotest"));
    EXPECT_FALSE(apparmor::profile_covers("/usr/bin/isotest2"));
}

TEST(AppArmor, NoRestrictionIsFine) {
    apparmor::HostState host = restricted();
    host.restrict_sysctl = "";
    EXPECT_TRUE(apparmor::assess(host).ok);
    EXPECT_EQ(apparmor::assess(host).detail, "no AppArmor user namespace restriction in this kernel");
    host.restrict_sysctl = "0\n";
    EXPECT_TRUE(apparmor::assess(host).ok);
    EXPECT_NE(apparmor::assess(host).detail.find("apparmor_restrict_unprivileged_userns=0"), std::string::npos);
}

TEST(AppArmor, RestrictedWithoutTheProfileLoadedNamesTheOneCommand) {
    const apparmor::Verdict verdict = apparmor::assess(restricted());
    EXPECT_FALSE(verdict.ok);
    EXPECT_EQ(verdict.detail,
              "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1) and "
              "isotest's profile is not loaded; fix: `sudo apparmor_parser -r /etc/apparmor.d/isotest`");
}

TEST(AppArmor, RestrictedWithoutTheProfileInstalledSaysWhereItComesFrom) {
    apparmor::HostState host = restricted();
    host.profile_installed = false;
    const apparmor::Verdict verdict = apparmor::assess(host);
    EXPECT_FALSE(verdict.ok);
    EXPECT_NE(verdict.detail.find("install isotest's package (it ships /etc/apparmor.d/isotest)"), std::string::npos);
    EXPECT_NE(verdict.detail.find("sudo apparmor_parser -r /etc/apparmor.d/isotest"), std::string::npos);
}

TEST(AppArmor, OwnLabelProvesTheProfileApplies) {
    apparmor::HostState host = restricted();
    host.own_label = "isotest (unconfined)\n";
    host.profiles_readable = false;  // unprivileged: the list is root's to read
    host.profiles.clear();
    const apparmor::Verdict verdict = apparmor::assess(host);
    EXPECT_TRUE(verdict.ok);
    EXPECT_NE(verdict.detail.find("isotest's profile is loaded and allows them for /usr/bin/isotest"), std::string::npos);
}

TEST(AppArmor, LoadedProfileThatDoesNotCoverThisBinary) {
    apparmor::HostState host = restricted();
    host.profiles += "isotest (unconfined)\n";
    host.executable = "/opt/isotest/bin/isotest";
    const apparmor::Verdict verdict = apparmor::assess(host);
    EXPECT_FALSE(verdict.ok);
    EXPECT_NE(verdict.detail.find("not /opt/isotest/bin/isotest; fix: run one of those, or add this path to "
                                  "/etc/apparmor.d/isotest"),
              std::string::npos);
    // Unreadable list, installed profile, a path it does not cover: the same verdict.
    host.profiles_readable = false;
    host.profiles.clear();
    EXPECT_EQ(apparmor::assess(host).detail, verdict.detail);
    // Unreadable list and a covered path: the profile is not loaded.
    host.executable = "/usr/local/bin/isotest";
    EXPECT_NE(apparmor::assess(host).detail.find("profile is not loaded"), std::string::npos);
}

TEST(AppArmor, RootIsNotHeldBack) {
    apparmor::HostState host = restricted();
    host.root = true;
    EXPECT_TRUE(apparmor::assess(host).ok);
}
