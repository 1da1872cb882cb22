// Mount namespace: the test's view of the filesystem.
//
// The host root is shown read-only through a tmpfs-backed overlay (or as read-only binds with
// --fs readonly), with fresh /proc, /sys, /dev, /tmp, /dev/shm and /dev/mqueue, --rw paths
// bound through, --tmpfs paths fresh, and paths the test needs (its cwd, its binary) kept
// visible even where a fresh tmpfs covers them. Everything the test can write there but --rw
// paths is on one tmpfs of --tmpfs-size: one cap for all of it. Ends with pivot_root into the
// new root and the host root detached.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "isotest/spec.hpp"
#include "sandbox/steps.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::mount {

struct OverlayLayer {
    std::string target;       // path inside the sandbox
    std::string upper_name;   // its upper directory, relative to the scratch directory
};

// What init needs after the test ran (hermeticity.hpp): where the test's writes landed.
struct FilesystemView {
    sys::UniqueFd upper_root;            // directory holding every overlay's upper layer
    std::vector<OverlayLayer> overlays;
    // Empty host directories (and, unprivileged, ones the invoker can neither read nor search)
    // shown as plain directories of the new root's tmpfs rather than as overlays (same rights,
    // writes vanish the same way, one mount less each); paths inside.
    std::vector<std::string> stand_in_dirs;
    // Mount points isotest itself made inside (/.isotest for the test's own results, --tmpfs
    // paths the host lacks): an upper layer holds them as empty directories, none of the test's.
    std::vector<std::string> own_mount_points;
};

struct Privilege {
    // isotest runs as root and the sandbox's user namespace maps every id to itself: host owners
    // can be reproduced.
    bool every_id_mapped;
    // The view is assembled from the user namespace that owns the host's mounts (root, before
    // the sandbox's user namespace is entered): they are not locked, so overlayfs takes the
    // host root whole.
    bool host_mounts_owned;
};

// Assembles the view at a scratch location: the host view, /tmp, /dev, --rw, --tmpfs and
// kept paths. Needs none of the sandbox's namespaces but the mount namespace.
FilesystemView assemble(const SandboxSpec& spec, const Privilege& privilege, StepReporter& steps);

// From inside the sandbox's PID namespace: mounts /proc and /sys, which show the namespaces of
// whoever mounts them, and pivots into the view. enter_network runs before /sys is mounted: a
// fresh sysfs lists the interfaces of the mounter's network namespace. (/dev/mqueue, which
// shows the mounter's IPC namespace, is mounted once init is in its last one: dev.hpp.)
void enter(const SandboxSpec& spec, StepReporter& steps, const std::function<void()>& enter_network);

}  // namespace isotest::mount
