#include "sandbox/diagnose.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "sandbox/kernel_release.hpp"

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

}  // namespace

HostFacts read_host_facts() {
    HostFacts host;
    host.apparmor = apparmor::assess(apparmor::read_host());
    host.max_user_namespaces = read_sysctl("/proc/sys/user/max_user_namespaces");
    host.unprivileged_userns_clone = read_sysctl("/proc/sys/kernel/unprivileged_userns_clone");
    host.root = ::geteuid() == 0;
    host.in_container = in_container();
    host.kernel_release = kernel_release::running();
    return host;
}

std::string likely_cause(const HostFacts& host, const std::string& what, int error_number) {
    const std::string missing = kernel_release::missing_feature(host.kernel_release, what, error_number);
    if (!missing.empty()) return missing;
    if (!host.apparmor.ok) return host.apparmor.detail;
    if (host.max_user_namespaces == "0") {
        return "user namespaces are disabled (user.max_user_namespaces=0); fix: "
               "`sudo sysctl -w user.max_user_namespaces=15000`";
    }
    if (host.unprivileged_userns_clone == "0" && !host.root) {
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
    if (host.in_container) {
        // Docker's and Podman's default seccomp profiles refuse clone/unshare of namespaces to a
        // container without CAP_SYS_ADMIN: EPERM although the kernel allows user namespaces.
        std::string why = "this looks like a container whose seccomp or AppArmor profile forbids namespaces";
        if (error_number == EPERM && !host.max_user_namespaces.empty()) {
            why += " (EPERM although user.max_user_namespaces=" + host.max_user_namespaces +
                   " allows them: Docker's and Podman's default seccomp profiles refuse unshare and clone "
                   "of namespaces)";
        }
        return why + "; fix: run it with --security-opt seccomp=unconfined --security-opt apparmor=unconfined "
                     "(or a seccomp profile that allows unshare, clone and setns), or with --privileged";
    }
    return "";
}

std::string namespace_failure(const std::string& what, int error_number) {
    std::string text = what;
    if (error_number == EPERM || error_number == EACCES || error_number == ENOSPC || error_number == EINVAL ||
        error_number == ENOSYS) {
        const std::string cause = likely_cause(read_host_facts(), what, error_number);
        if (!cause.empty()) text += " — " + cause;
    }
    return text;
}

std::string tun_unusable(const std::string& what, int error_number) {
    std::string fix;
    if (what.rfind("open", 0) == 0) {
        if (error_number == ENOENT) {
            fix = "there is no /dev/net/tun here; fix: `sudo modprobe tun` (the node appears with the module), or in a "
                  "container pass the device in (`docker run --device /dev/net/tun`, podman the same)";
        } else if (error_number == ENODEV || error_number == ENXIO) {
            fix = "the node exists but no driver answers it; fix: `sudo modprobe tun`";
        } else if (error_number == EACCES || error_number == EPERM) {
            fix = "you may not open it (udev makes it 0666); fix: `sudo chmod 0666 /dev/net/tun`";
        }
    } else if (what.rfind("ioctl TUNSETIFF", 0) == 0) {
        if (error_number == ENOTTY || error_number == EINVAL || error_number == EBADFD) {
            fix = "/dev/net/tun is not the TUN device (something else is mounted or made there); fix: a real node, "
                  "`sudo mknod -m 0666 /dev/net/tun c 10 200`, or in a container `--device /dev/net/tun`";
        } else if (error_number == EPERM || error_number == EACCES) {
            fix = "making an interface in the sandbox's own network namespace is refused (a security module?)";
        }
    }
    std::string text = what +
                       " — without it network attempts are not recorded: a test that reaches outside fails as with "
                       "--record-network off (ENETUNREACH, EAI_AGAIN) and the report says \"not recorded: ...\"";
    if (!fix.empty()) text += "; " + fix;
    return text;
}

}  // namespace isotest::diagnose
