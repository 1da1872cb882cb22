#include "sandbox/kernel_release.hpp"

#include <sys/utsname.h>

#include <cerrno>
#include <charconv>

namespace isotest::kernel_release {
namespace {

std::string text(const Version& version) { return std::to_string(version.major) + "." + std::to_string(version.minor); }

}  // namespace

std::optional<Version> parse(std::string_view release) {
    Version version;
    const char* end = release.data() + release.size();
    auto [after_major, major_error] = std::from_chars(release.data(), end, version.major);
    if (major_error != std::errc{} || after_major == end || *after_major != '.') return std::nullopt;
    auto [after_minor, minor_error] = std::from_chars(after_major + 1, end, version.minor);
    if (minor_error != std::errc{}) return std::nullopt;
    return version;
}

bool at_least(const Version& version, const Version& wanted) {
    return version.major > wanted.major || (version.major == wanted.major && version.minor >= wanted.minor);
}

Verdict assess(std::string_view release) {
    const std::string name = "Linux " + std::string(release);
    const std::optional<Version> version = parse(release);
    if (!version) return {true, name + ": version not understood; the checks below say what works"};
    if (!at_least(*version, kOldestSupported)) {
        return {false, name + " is older than " + text(kOldestSupported) + ", which isotest needs (mount_setattr(2), " +
                           text(kOldestSupported) + ", makes every sandbox's read-only view" +
                           (at_least(*version, kUnprivilegedOverlay)
                                ? std::string()
                                : "; overlayfs in a user namespace, the default --fs overlay without root, needs " +
                                      text(kUnprivilegedOverlay)) +
                           "); fix: run on Linux " + text(kOldestSupported) + " or later"};
    }
    return {true, name + ": has mount_setattr(2) (" + text(kOldestSupported) + ") and overlayfs in a user namespace (" +
                      text(kUnprivilegedOverlay) + ")"};
}

std::string missing_feature(std::string_view release, std::string_view what, int error_number) {
    const std::string kernel = "this kernel (Linux " + std::string(release) + ")";
    if (error_number == ENOSYS && what.find("mount_setattr") != std::string_view::npos) {
        return kernel + " has no mount_setattr(2), which isotest needs (Linux >= " + text(kOldestSupported) +
               "); fix: run on Linux " + text(kOldestSupported) + " or later";
    }
    const std::optional<Version> version = parse(release);
    if (what.find("overlay") != std::string_view::npos && version && !at_least(*version, kUnprivilegedOverlay)) {
        return kernel + " does not allow overlayfs in a user namespace (needs Linux >= " + text(kUnprivilegedOverlay) +
               "); fix: run on Linux " + text(kOldestSupported) + " or later, which isotest needs anyway";
    }
    return "";
}

std::string running() {
    struct utsname name {};
    if (::uname(&name) != 0) return "";
    return name.release;
}

}  // namespace isotest::kernel_release
