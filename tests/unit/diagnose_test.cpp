// Which blocker a failed namespace setup is blamed on, and the fix named, from host facts given
// as values (diagnose::likely_cause).
#include <gtest/gtest.h>

#include <cerrno>

#include "sandbox/diagnose.hpp"

using namespace isotest;

namespace {

diagnose::HostFacts plain_host() {
    diagnose::HostFacts host;
    host.max_user_namespaces = "63453";
    return host;
}

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(Diagnose, ContainerSeccompRefusingUnshareIsNamedWithItsFix) {
    diagnose::HostFacts host = plain_host();
    host.in_container = true;
    const std::string cause = diagnose::likely_cause(host, "clone: Operation not permitted", EPERM);
    EXPECT_TRUE(has(cause, "this looks like a container whose seccomp or AppArmor profile forbids namespaces")) << cause;
    EXPECT_TRUE(has(cause, "EPERM although user.max_user_namespaces=63453 allows them")) << cause;
    EXPECT_TRUE(has(cause, "--security-opt seccomp=unconfined")) << cause;
}

TEST(Diagnose, OutsideAContainerEpermIsNotBlamedOnSeccomp) {
    EXPECT_EQ(diagnose::likely_cause(plain_host(), "clone: Operation not permitted", EPERM), "");
}

TEST(Diagnose, DisabledUserNamespacesComeBeforeTheContainer) {
    diagnose::HostFacts host = plain_host();
    host.in_container = true;
    host.max_user_namespaces = "0";
    EXPECT_TRUE(has(diagnose::likely_cause(host, "clone: Operation not permitted", EPERM),
                    "user.max_user_namespaces=0); fix: `sudo sysctl -w user.max_user_namespaces=15000`"));
}

TEST(Diagnose, AppArmorsVerdictComesFirst) {
    diagnose::HostFacts host = plain_host();
    host.in_container = true;
    host.apparmor = {false, "AppArmor restricts ...; fix: `sudo apparmor_parser -r /etc/apparmor.d/isotest`"};
    EXPECT_EQ(diagnose::likely_cause(host, "write /proc/self/uid_map", EPERM), host.apparmor.detail);
}

TEST(Diagnose, AnUnusableTunDeviceSaysWhatIsLostAndTheFix) {
    const std::string missing = diagnose::tun_unusable("open /dev/net/tun: No such file or directory", ENOENT);
    EXPECT_TRUE(has(missing, "open /dev/net/tun: No such file or directory — without it network attempts are not recorded"))
        << missing;
    EXPECT_TRUE(has(missing, "`sudo modprobe tun`")) << missing;
    EXPECT_TRUE(has(missing, "--device /dev/net/tun")) << missing;
    EXPECT_TRUE(has(diagnose::tun_unusable("open /dev/net/tun: Permission denied", EACCES), "sudo chmod 0666 /dev/net/tun"));
    const std::string impostor =
        diagnose::tun_unusable("ioctl TUNSETIFF isotest0: Inappropriate ioctl for device", ENOTTY);
    EXPECT_TRUE(has(impostor, "is not the TUN device")) << impostor;
    EXPECT_TRUE(has(impostor, "mknod -m 0666 /dev/net/tun c 10 200")) << impostor;
    const std::string unknown = diagnose::tun_unusable("ioctl SIOCSIFADDR isotest0: No buffer space available", ENOBUFS);
    EXPECT_TRUE(has(unknown, "not recorded")) << unknown;
    EXPECT_FALSE(has(unknown, "fix:")) << "no fix named where no cause is known: " << unknown;
}
