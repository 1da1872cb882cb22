#include "sandbox/overlay_xattrs.hpp"

#include <sys/xattr.h>

#include <cerrno>

#include "sandbox/kernel_release.hpp"

namespace isotest::overlay_xattrs {

namespace {

bool kept_and_allowed(const std::string& dir, const char* name) {
    // Replacing an attribute the directory does not have changes nothing: ENODATA says the
    // name space is there and ours to write; EOPNOTSUPP (not kept) or EPERM (not allowed) not.
    return ::setxattr(dir.c_str(), name, "", 0, XATTR_REPLACE) < 0 && errno == ENODATA;
}

}  // namespace

Support probe(const std::string& dir) {
    return {kept_and_allowed(dir, "user.isotest.probe"), kept_and_allowed(dir, "trusted.isotest.probe")};
}

Marks choose(const Support& support) {
    if (support.user) return Marks::user;
    if (support.trusted) return Marks::trusted;
    return Marks::none;
}

std::string mount_option(Marks marks) { return marks == Marks::trusted ? "" : ",userxattr"; }

std::string limitation(std::string_view kernel_release) {
    return "removing or renaming a directory of the host inside the sandbox fails with EIO on this kernel (Linux " +
           std::string(kernel_release) +
           "): the overlay needs user.* extended attributes for it, which tmpfs keeps only from Linux 6.6; "
           "files are not affected; fix: run isotest as root, or on Linux 6.6 or later";
}

std::string unprivileged_limitation(std::string_view release) {
    const auto version = kernel_release::parse(release);
    if (!version || kernel_release::at_least(*version, kernel_release::kTmpfsUserXattrs)) return "";
    return limitation(release);
}

}  // namespace isotest::overlay_xattrs
