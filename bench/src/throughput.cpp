#include "throughput.hpp"

#include <map>
#include <stdexcept>
#include <thread>

#include "child_set.hpp"
#include "cpu_time.hpp"
#include "progress.hpp"
#include "timed_run.hpp"

namespace bench {

namespace {

struct BatchFigures {
    double launches_per_second;
    double cpu_ms_per_launch;
};

// `launches` launches, keeping `parallelism` running while any are left: launches per second of
// wall time, and the machine's busy CPU time per launch.
BatchFigures run_batch(const BatchPlan& plan, std::size_t launches, unsigned parallelism,
                       const std::filesystem::path& scratch) {
    std::vector<LaunchIo> slots(parallelism);
    for (unsigned slot = 0; slot < parallelism; ++slot) {
        slots[slot] = {scratch, scratch / ("batch-slot-" + std::to_string(slot) + ".stderr"), nullptr, {}};
    }
    std::vector<unsigned> free_slots;
    for (unsigned slot = parallelism; slot > 0; --slot) free_slots.push_back(slot - 1);
    struct InFlight {
        unsigned slot;
        Command command;
    };
    std::map<pid_t, InFlight> in_flight;

    ChildSet children;
    std::size_t started = 0;
    std::this_thread::sleep_for(kBatchSettle);
    const double busy_before = busy_cpu_seconds();
    Clock::time_point begin = Clock::now();
    Clock::time_point end = begin;
    while (started < launches || !in_flight.empty()) {
        while (started < launches && !free_slots.empty()) {
            unsigned slot = free_slots.back();
            free_slots.pop_back();
            Command command = plan.command(started++);
            pid_t pid = children.start(command, slots[slot]);
            in_flight.emplace(pid, InFlight{slot, std::move(command)});
        }
        Exited exited = children.wait_any();
        auto done = in_flight.find(exited.pid);
        if (done == in_flight.end()) throw std::logic_error("reaped a child this batch did not start");
        require_success(done->second.command, exited, slots[done->second.slot].stderr_file);
        free_slots.push_back(done->second.slot);
        in_flight.erase(done);
        end = exited.at;
    }
    std::this_thread::sleep_for(kBatchSettle);
    const double busy_seconds = busy_cpu_seconds() - busy_before;
    return {static_cast<double>(launches) / std::chrono::duration<double>(end - begin).count(),
            busy_seconds * 1000.0 / static_cast<double>(launches)};
}

}  // namespace

ThroughputResult measure_throughput(const std::vector<BatchPlan>& plans, const std::vector<unsigned>& levels,
                                    std::size_t launches, unsigned rounds, const std::filesystem::path& scratch) {
    ThroughputResult result;
    result.levels = levels;
    for (const BatchPlan& plan : plans) result.labels.push_back(plan.label);
    result.launches_per_second.assign(levels.size(), std::vector<std::vector<double>>(plans.size()));
    result.cpu_ms_per_launch = result.launches_per_second;
    for (unsigned round = 0; round < rounds; ++round) {
        for (std::size_t level = 0; level < levels.size(); ++level) {
            progress("throughput: round " + std::to_string(round + 1) + "/" + std::to_string(rounds) + ", " +
                     std::to_string(launches) + " launches at parallelism " + std::to_string(levels[level]));
            for (std::size_t step = 0; step < plans.size(); ++step) {
                std::size_t which = (round + step) % plans.size();
                const BatchFigures figures = run_batch(plans[which], launches, levels[level], scratch);
                result.launches_per_second[level][which].push_back(figures.launches_per_second);
                result.cpu_ms_per_launch[level][which].push_back(figures.cpu_ms_per_launch);
            }
        }
    }
    return result;
}

}  // namespace bench
