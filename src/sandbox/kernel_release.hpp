// The oldest kernel isotest runs on, and why: the kernel features isotest uses that arrived late,
// each with the Linux version that brought it. Pure logic (the release string comes from
// uname(2)); doctor prints the verdict, and a setup step that fails for want of one of them
// says which version it needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace isotest::kernel_release {

struct Version {
    int major = 0;
    int minor = 0;
};

// "6.1.0-28-amd64" -> 6.1; nullopt when it does not start with two numbers.
std::optional<Version> parse(std::string_view release);

// mount_setattr(2), Linux 5.12: every sandbox's read-only view is made with it.
inline constexpr Version kOldestSupported{5, 12};
// overlayfs mounts in a user namespace, Linux 5.11: the default --fs overlay without root.
inline constexpr Version kUnprivilegedOverlay{5, 11};
// user.* extended attributes on tmpfs, Linux 6.6: without root, the overlay (on tmpfs) needs
// them to remove or rename a directory of the host (overlay_xattrs.hpp).
inline constexpr Version kTmpfsUserXattrs{6, 6};

bool at_least(const Version& version, const Version& wanted);

// doctor's line for `release`: whether it has what isotest uses, naming each late feature and the
// version that brought it. `ok` is false when the kernel is older than kOldestSupported.
struct Verdict {
    bool ok;
    std::string detail;
};
Verdict assess(std::string_view release);

// The cause of a failed setup step `what` with `error_number`, when it is a feature `release`
// lacks ("" otherwise): "this kernel (Linux 5.10.0-35-amd64) has no mount_setattr(2), which
// isotest needs (Linux >= 5.12); fix: run on Linux 5.12 or later".
std::string missing_feature(std::string_view release, std::string_view what, int error_number);

// uname(2)'s release of the running kernel ("" if it fails).
std::string running();

}  // namespace isotest::kernel_release
