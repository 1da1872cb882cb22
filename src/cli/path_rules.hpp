// Where --rw, --tmpfs and --keep cannot mean anything: places the sandbox makes its own (/proc,
// /sys, /dev and the mounts in it). Refused when the options are read, with the fix, instead of
// being ignored or failing late (a --rw bind under /proc is hidden by the fresh /proc; a --rw
// device is nodev and opens with a misleading EACCES; --tmpfs /dev hides /dev/mqueue's mount
// point). Pure path logic: unit-testable.
#pragma once

#include <string>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::cli {

enum class PathOption { rw, tmpfs, keep };

// Throws isotest::Error (exit 125) with a one-line message where `option` at `path` (absolute,
// normalised, symlinks resolved where the option resolves them) cannot mean anything.
void check_path_option(PathOption option, const std::string& path);

// A --tmpfs at, above or below a --dev device (/dev/dri, or /dev/net which --dev /dev/net/tun
// makes) would hide the device or be hidden by it: the same one-line error.
void check_tmpfs_against_devices(const std::string& tmpfs, const std::vector<DeviceBind>& devices);

}  // namespace isotest::cli
