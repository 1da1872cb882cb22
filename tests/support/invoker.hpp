// Who is running the suite: several expectations differ between root and an ordinary user
// (e.g. writing /usr), and the suites run as both.
#pragma once

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>

namespace testsupport {

inline bool invoked_as_root() { return ::geteuid() == 0; }

// Linux 6.6 and later: tmpfs keeps user.* extended attributes (the overlay's marks unprivileged).
inline bool tmpfs_keeps_user_xattrs() {
    struct utsname name {};
    int major = 0, minor = 0;
    if (::uname(&name) != 0 || std::sscanf(name.release, "%d.%d", &major, &minor) != 2) return true;
    return major > 6 || (major == 6 && minor >= 6);
}
// Whether the test may remove or rename a directory of the host inside the default overlay:
// unprivileged only from Linux 6.6, whose tmpfs keeps the user.* extended attributes the overlay
// marks that with; as root always (isotest uses trusted.* ones there). Before, it fails with EIO,
// which isotest documents and says (README: Supported platforms; src/sandbox/overlay_xattrs.hpp).
inline bool host_directories_removable() { return invoked_as_root() || tmpfs_keeps_user_xattrs(); }

}  // namespace testsupport
