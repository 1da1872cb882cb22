#include "latency.hpp"

#include "progress.hpp"
#include "timed_run.hpp"

namespace bench {

LatencyResult measure_latency(const std::vector<Command>& commands, unsigned rounds, unsigned warmup,
                              const std::filesystem::path& scratch) {
    progress("latency: " + std::to_string(commands.size()) + " launchers x " + std::to_string(rounds) +
             " rounds (+" + std::to_string(warmup) + " warm-up)");
    LatencyResult result{commands, std::vector<std::vector<double>>(commands.size())};
    std::vector<LaunchIo> io(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        io[i] = {scratch, scratch / ("latency-" + std::to_string(i) + ".stderr"), nullptr, {}};
    }
    ChildSet children;
    for (unsigned round = 0; round < warmup + rounds; ++round) {
        for (std::size_t step = 0; step < commands.size(); ++step) {
            std::size_t which = (round + step) % commands.size();
            TimedRun run = run_timed(children, commands[which], io[which]);
            if (round >= warmup) result.seconds[which].push_back(run.seconds);
        }
    }
    return result;
}

}  // namespace bench
