// Turns "namespaces are blocked here" errors into a sentence naming the blocker and the fix.
#pragma once

#include <string>

#include "sandbox/apparmor.hpp"

namespace isotest::diagnose {

// What the host says about namespaces, read once per failure ("" where a file is absent).
struct HostFacts {
    apparmor::Verdict apparmor{true, ""};
    std::string max_user_namespaces;        // /proc/sys/user/max_user_namespaces
    std::string unprivileged_userns_clone;  // /proc/sys/kernel/unprivileged_userns_clone (old Debian)
    bool root = false;
    bool in_container = false;              // /.dockerenv, /run/.containerenv, PID 1's cgroup
    std::string kernel_release;             // uname -r
};

HostFacts read_host_facts();

// The most likely cause of `what` (failed with `error_number`) on a host like `host`, and its
// fix; "" when nothing known explains it.
std::string likely_cause(const HostFacts& host, const std::string& what, int error_number);

// `what` is the failure as already worded ("clone: Operation not permitted", a SyscallError's
// text, ...). Returns it followed by the most likely cause on this host and its fix.
std::string namespace_failure(const std::string& what, int error_number);

// The network recorder's TUN interface (net_responder.hpp) could not be made: `what` failed with
// `error_number` ("open /dev/net/tun: No such file or directory"). Returns it, what a run loses
// without the recorder, and the likely cause's fix where one is known. For `isotest doctor`.
std::string tun_unusable(const std::string& what, int error_number);

}  // namespace isotest::diagnose
