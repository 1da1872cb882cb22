// --dev PATH: host device nodes for the sandbox's /dev. Globs (/dev/nvidia*) are expanded here,
// on the host, when the options are read; each match must be a character or block device, or a
// directory of them (/dev/dri, /dev/net), below /dev and not one of the places the sandbox makes
// its own (/dev/pts, /dev/shm, /dev/mqueue, /dev/ptmx). Anything else is a one-line error.
#pragma once

#include <string>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::cli {

// The devices to bind, ordered by path inside, each once; a path within a directory also given
// is dropped (the directory's bind shows it). Throws isotest::Error (exit 125).
std::vector<DeviceBind> expand_devices(const std::vector<std::string>& patterns, const std::string& cwd);

}  // namespace isotest::cli
