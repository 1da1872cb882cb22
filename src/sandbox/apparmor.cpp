#include "sandbox/apparmor.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace isotest::apparmor {

namespace {

constexpr const char* restrict_sysctl_path = "/proc/sys/kernel/apparmor_restrict_unprivileged_userns";
constexpr const char* profiles_list_path = "/sys/kernel/security/apparmor/profiles";

bool read_file(const char* path, std::string& text) {
    std::ifstream file(path);
    if (!file) return false;
    std::ostringstream contents;
    contents << file.rdbuf();
    text = contents.str();
    return true;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

bool profile_loaded(std::string_view profiles) {
    while (!profiles.empty()) {
        const std::size_t end = profiles.find('\n');
        const std::string_view line = profiles.substr(0, end);
        if (line.starts_with("isotest (") || line == "isotest") return true;
        if (end == std::string_view::npos) break;
        profiles.remove_prefix(end + 1);
    }
    return false;
}

bool profile_covers(std::string_view executable) {
    return executable == "/usr/bin/isotest" || executable == "/usr/local/bin/isotest";
}

std::string restriction_fix(const HostState& host) {
    if (host.profile_installed) return "`" + std::string(load_command) + "`";
    return "install isotest's package (it ships " + std::string(profile_path) + ") or copy packaging/apparmor/isotest " +
           "there, then `" + load_command + "` (or, for every program: " +
           "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`)";
}

Verdict assess(const HostState& host) {
    const std::string restriction = trimmed(host.restrict_sysctl);
    if (restriction.empty()) return {true, "no AppArmor user namespace restriction in this kernel"};
    if (restriction == "0") return {true, "user namespaces not restricted (kernel.apparmor_restrict_unprivileged_userns=0)"};
    const std::string what = "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=" +
                             restriction + ")";
    if (host.root) return {true, what + "; run as root, isotest is not held back"};
    // Our own label is the proof: the kernel attached isotest's profile to this very process.
    if (profile_loaded(host.own_label)) {
        return {true, what + "; isotest's profile is loaded and allows them for " + host.executable};
    }
    const bool loaded = host.profiles_readable && profile_loaded(host.profiles);
    if (loaded || (!host.profiles_readable && !profile_covers(host.executable) && host.profile_installed)) {
        return {false, what + "; isotest's profile covers /usr/bin/isotest and /usr/local/bin/isotest, not " +
                           host.executable + "; fix: run one of those, or add this path to " + profile_path +
                           " and run `" + load_command + "`"};
    }
    return {false, what + " and isotest's profile is not loaded; fix: " + restriction_fix(host)};
}

HostState read_host() {
    HostState host;
    read_file(restrict_sysctl_path, host.restrict_sysctl);
    host.profiles_readable = read_file(profiles_list_path, host.profiles);
    host.profile_installed = ::access(profile_path, F_OK) == 0;
    if (!read_file("/proc/self/attr/apparmor/current", host.own_label)) read_file("/proc/self/attr/current", host.own_label);
    char buffer[4096];
    const ssize_t length = ::readlink("/proc/self/exe", buffer, sizeof buffer);
    if (length > 0) host.executable.assign(buffer, static_cast<std::size_t>(length));
    host.root = ::geteuid() == 0;
    return host;
}

}  // namespace isotest::apparmor
