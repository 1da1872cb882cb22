// Where overlayfs keeps its marks (opaque directories, redirects) on the tmpfs that holds the
// sandbox's upper layers. overlayfs needs an extended attribute to remove a directory whose
// host copy has entries (it marks the emptied copy opaque) and to rename one: without it both
// fail with EIO. In a user namespace it may use only user.* attributes ("userxattr"), which
// tmpfs keeps from Linux 6.6 on; trusted.* ones, which tmpfs always keeps, need CAP_SYS_ADMIN
// in the initial user namespace (isotest run as root: the view is assembled there).
#pragma once

#include <string>
#include <string_view>

namespace isotest::overlay_xattrs {

// Which extended attributes a directory's file system lets the caller set.
struct Support {
    bool user = false;     // user.*: tmpfs from Linux 6.6
    bool trusted = false;  // trusted.*: CAP_SYS_ADMIN in the initial user namespace
};

// Asks the file system of directory `dir` (an XATTR_REPLACE of attributes it does not have:
// ENODATA where the name space is kept and allowed; nothing is written either way).
Support probe(const std::string& dir);

enum class Marks {
    user,     // userxattr: as overlayfs in a user namespace wants
    trusted,  // trusted.*: the overlay is mounted in the initial user namespace
    none,     // neither: directories of the host cannot be removed or renamed (EIO)
};

// user.* where kept (the same marks whoever mounts), else trusted.*, else none.
Marks choose(const Support& support);

// The overlay mount options for `marks`: ",userxattr" (also for none: a mount in a user
// namespace needs it) or "".
std::string mount_option(Marks marks);

// What none means, for -v, doctor and the report: "removing or renaming a directory of the host
// inside the sandbox fails with EIO on this kernel (Linux 6.1.0-28-amd64): ...; fix: ...".
std::string limitation(std::string_view kernel_release);

// The same for a sandbox made without root (whose overlays get none where tmpfs keeps no user.*
// attributes) on kernel `release`: the limitation before Linux 6.6, "" from 6.6 on or where the
// release is not understood. For the report, decided without mounting anything.
std::string unprivileged_limitation(std::string_view release);

}  // namespace isotest::overlay_xattrs
