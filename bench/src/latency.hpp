#pragma once
// Launch latency: every launcher once per round, rounds back to back (A B C A B C ...), so
// drift of the machine hits every launcher alike and rounds pair up for ratios.

#include <filesystem>
#include <vector>

#include "command.hpp"

namespace bench {

struct LatencyResult {
    std::vector<Command> commands;
    std::vector<std::vector<double>> seconds;  // [command][round]
};

// Round r starts with command r mod N, so no launcher always runs first (right after a cold
// cache or a sleeping core). The first `warmup` rounds are run and dropped.
LatencyResult measure_latency(const std::vector<Command>& commands, unsigned rounds, unsigned warmup,
                              const std::filesystem::path& scratch);

}  // namespace bench
