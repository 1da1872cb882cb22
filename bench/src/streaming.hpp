#pragma once
// Output streaming: a test writes a large volume to stdout; this process reads it from a pipe
// and counts bytes. Measures the stream's rate and the launcher process's own peak RSS.

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "command.hpp"

namespace bench {

struct StreamRun {
    std::uint64_t bytes = 0;
    double stream_seconds = 0;  // first byte read -> end of file
    double total_seconds = 0;   // start -> reaped
    long vm_hwm_kib = 0;        // peak of the launched process itself (polled VmHWM)
    unsigned rss_samples = 0;
    long wait4_maxrss_kib = 0;  // wait4 ru_maxrss: the largest of it and its reaped descendants
};

// Throws LaunchError if the command fails or delivers other than expected_bytes.
StreamRun run_stream(const Command& command, std::uint64_t expected_bytes, const std::filesystem::path& scratch,
                     std::chrono::microseconds rss_interval);

}  // namespace bench
