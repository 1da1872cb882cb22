#pragma once
// Throughput: a batch of launches with up to P in flight (what `ctest -jP` does), in
// launches per second of wall time, and the CPU time the machine spent per launch (see
// cpu_time.hpp). Batches of the launchers alternate within each round.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "command.hpp"

namespace bench {

// Before a batch, time for the kernel to finish freeing the previous batch's namespaces (in a
// workqueue); after it, for this batch's last ones, whose CPU belongs to this batch.
constexpr std::chrono::milliseconds kBatchSettle{250};

struct BatchPlan {
    std::string label;
    std::function<Command(std::size_t launch_index)> command;  // may differ per launch (JUnit file)
};

struct ThroughputResult {
    std::vector<unsigned> levels;
    std::vector<std::string> labels;
    std::vector<std::vector<std::vector<double>>> launches_per_second;  // [level][plan][round]
    std::vector<std::vector<std::vector<double>>> cpu_ms_per_launch;    // [level][plan][round]
};

ThroughputResult measure_throughput(const std::vector<BatchPlan>& plans, const std::vector<unsigned>& levels,
                                    std::size_t launches, unsigned rounds, const std::filesystem::path& scratch);

}  // namespace bench
