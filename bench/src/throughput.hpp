#pragma once
// Throughput: a batch of launches with up to P in flight (what `ctest -jP` does), in
// launches per second of wall time. Batches of the launchers alternate within each round.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "command.hpp"

namespace bench {

struct BatchPlan {
    std::string label;
    std::function<Command(std::size_t launch_index)> command;  // may differ per launch (JUnit file)
};

struct ThroughputResult {
    std::vector<unsigned> levels;
    std::vector<std::string> labels;
    std::vector<std::vector<std::vector<double>>> launches_per_second;  // [level][plan][round]
};

ThroughputResult measure_throughput(const std::vector<BatchPlan>& plans, const std::vector<unsigned>& levels,
                                    std::size_t launches, unsigned rounds, const std::filesystem::path& scratch);

}  // namespace bench
