#include "sandbox/diagnose.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "sandbox/apparmor.hpp"

namespace isotest::diagnose {

namespace {

std::string read_sysctl(const char* path) {
    std::ifstream file(path);
    std::string value;
    if (!(file >> value)) return "";
    return value;
}

bool in_container() {
    if (::access("/.dockerenv", F_OK) == 0 || ::access("/run/.containerenv", F_OK) == 0) return true;
    std::ifstream cgroup("/proc/1/cgroup");
    std::string line;
    while (std::getline(cgroup, line)) {
        if (line.find("docker") != std::string::npos || line.find("kubepods") != std::string::npos ||
            line.find("containerd") != std::string::npos || line.find("libpod") != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::string likely_cause(const std::string& what, int error_number) {
    if (const apparmor::Verdict apparmor = apparmor::assess(apparmor::read_host()); !apparmor.ok) return apparmor.detail;
    if (read_sysctl("/proc/sys/user/max_user_namespaces") == "0") {
        return "user namespaces are disabled (user.max_user_namespaces=0); fix: "
               "`sudo sysctl -w user.max_user_namespaces=15000`";
    }
    if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == "0" && ::geteuid() != 0) {
        return "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0); fix: "
               "`sudo sysctl -w kernel.unprivileged_userns_clone=1`";
    }
    if (error_number == ENOSPC) {
        return "the namespace limit is reached (user.max_user_namespaces and friends in /proc/sys/user); "
               "fix: raise it with sysctl, or look for leaked namespaces";
    }
    if (what.find("mount proc") != std::string::npos) {
        return "the kernel refuses a fresh /proc because parts of the host's /proc are masked "
               "(\"mount too revealing\", typical in containers); fix: run the container with "
               "--privileged or --security-opt systempaths=unconfined";
    }
    if (what.find("overlay") != std::string::npos) {
        return "this kernel does not allow overlayfs in a user namespace (needs Linux >= 5.11); "
               "fix: use --fs readonly";
    }
    if (in_container()) {
        return "this looks like a container whose seccomp or AppArmor profile forbids namespaces; fix: run "
               "it with --privileged, or with --security-opt seccomp=unconfined --security-opt "
               "apparmor=unconfined";
    }
    return "";
}

}  // namespace

std::string namespace_failure(const std::string& what, int error_number) {
    std::string text = what;
    if (error_number == EPERM || error_number == EACCES || error_number == ENOSPC || error_number == EINVAL ||
        error_number == ENOSYS) {
        const std::string cause = likely_cause(what, error_number);
        if (!cause.empty()) text += " — " + cause;
    }
    return text;
}

}  // namespace isotest::diagnose
