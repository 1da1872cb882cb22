// AppArmor's restriction of unprivileged user namespaces (Ubuntu 23.10+,
// kernel.apparmor_restrict_unprivileged_userns=1): whether it is on, whether isotest's profile
// (packaging/apparmor/isotest, installed as /etc/apparmor.d/isotest) is loaded and covers the
// running binary, and the one command that fixes it. `isotest doctor` prints the verdict;
// diagnose.cpp names the same fix when a namespace setup fails.
#pragma once

#include <string>
#include <string_view>

namespace isotest::apparmor {

inline constexpr const char* profile_path = "/etc/apparmor.d/isotest";
inline constexpr const char* load_command = "sudo apparmor_parser -r /etc/apparmor.d/isotest";

// What the host says, as read from its files ("" where a file is absent or unreadable).
struct HostState {
    std::string restrict_sysctl;  // /proc/sys/kernel/apparmor_restrict_unprivileged_userns
    bool profiles_readable = false;
    std::string profiles;         // /sys/kernel/security/apparmor/profiles: "NAME (MODE)" lines
    bool profile_installed = false;  // /etc/apparmor.d/isotest exists
    std::string own_label;        // this process's AppArmor label (/proc/self/attr/apparmor/current)
    std::string executable;       // the running isotest (/proc/self/exe)
    bool root = false;            // effective uid 0
};

// Whether the profile list names a profile called "isotest" (any mode). A label, as in
// /proc/self/attr/current ("isotest (unconfined)"), is such a list of one line.
bool profile_loaded(std::string_view profiles);

// Whether the profile's attachment (/usr/bin/isotest, /usr/local/bin/isotest) covers `executable`.
bool profile_covers(std::string_view executable);

struct Verdict {
    bool ok;             // user namespaces are not held back by AppArmor for this isotest
    std::string detail;  // one line: what holds, and the fix when !ok
};

Verdict assess(const HostState& host);

// The fix for a restricted host, for messages about failed namespace setups.
std::string restriction_fix(const HostState& host);

// Reads the host's files (no side effects).
HostState read_host();

}  // namespace isotest::apparmor
