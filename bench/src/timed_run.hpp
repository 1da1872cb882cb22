#pragma once
// One launch, start to reap, timed; anything but exit 0 stops the benchmark.

#include "child_set.hpp"

namespace bench {

struct TimedRun {
    double seconds = 0;
    Exited exited;
};

TimedRun run_timed(ChildSet& children, const Command& command, const LaunchIo& io);

// Throws LaunchError naming the command, its status and the end of its stderr.
void require_success(const Command& command, const Exited& exited, const std::filesystem::path& stderr_file);

}  // namespace bench
