// Mount namespace: the test's view of the filesystem.
//
// The host root is shown read-only through a tmpfs-backed overlay (or as read-only binds with
// --fs readonly), with fresh /proc, /sys, /dev, /tmp, /dev/shm and /dev/mqueue, --rw paths
// bound through, --tmpfs paths fresh, and paths the test needs (its cwd, its binary) kept
// visible even where a fresh tmpfs covers them. Ends with pivot_root into the new root and
// the host root detached.
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

// What the supervisor-side init needs after the test ran: where the test's writes landed.
struct FilesystemView {
    sys::UniqueFd upper_root;            // directory holding every overlay's upper layer
    std::vector<OverlayLayer> overlays;
    // Empty host directories shown as plain directories of the new root's tmpfs rather than as
    // overlays (same rights, writes vanish the same way, one mount less each); paths inside.
    std::vector<std::string> stand_in_dirs;
};

// every_id_mapped: isotest runs as root and the user namespace maps all ids to themselves.
// enter_network runs once the host view is up and before /sys is mounted: a fresh sysfs lists
// the interfaces of the mounter's network namespace.
FilesystemView build(const SandboxSpec& spec, bool every_id_mapped, StepReporter& steps,
                     const std::function<void()>& enter_network);

}  // namespace isotest::mount
