// What a test left behind, seen from inside the sandbox just after its main process exited:
// processes still running and files written outside the writable paths. No other tool tells
// users this about their tests.
#pragma once

#include <string>
#include <vector>

#include "sandbox/mount.hpp"

namespace isotest::hermeticity {

// "pid comm" for every process in the PID namespace but init.
std::vector<std::string> leftover_processes();

struct WrittenFiles {
    std::vector<std::string> paths;  // at most `limit`, sorted
    std::size_t total = 0;
};

// Files created, changed or deleted ("path (deleted)") through the overlays. Below 64 levels
// of directories the scan stops: the directory where it stopped is listed, with a marker that
// deeper levels were not scanned, and counted as one.
WrittenFiles written_files(const mount::FilesystemView& view, std::size_t limit);

}  // namespace isotest::hermeticity
