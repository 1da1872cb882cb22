#pragma once
// Where isotest's launch time goes. The payload is `date +%s%N`, which prints the wall clock
// (not namespaced) as soon as it runs: that splits each launch into "spawn -> test running"
// and "test ran -> isotest reaped". `isotest -v` adds its own per-step timings of the setup.
// Interleaved with the floors: the same payload bare, and `isotest --version` (load, relocate,
// run and exit the binary, no sandbox).

#include <filesystem>
#include <string>
#include <vector>

#include "command.hpp"

namespace bench {

struct StepSeries {
    std::string name;
    std::vector<double> ms;  // one value per run that printed the step
};

struct LaunchPhases {
    std::vector<double> wall_ms;         // spawn -> reaped
    std::vector<double> until_test_ms;   // spawn -> payload read the clock
    std::vector<double> after_test_ms;   // payload read the clock -> reaped
};

struct StepBreakdown {
    Command verbose_command;
    Command bare_command;
    std::vector<StepSeries> steps;     // in the order isotest prints them
    std::vector<double> step_sum_ms;   // per run: all printed steps
    LaunchPhases isotest;              // `isotest -v -- date +%s%N`
    LaunchPhases bare;                 // `date +%s%N`
    std::vector<double> version_ms;    // `isotest --version`
};

// clock_payload: argv of a command printing nanoseconds since the epoch, e.g. {"/bin/date", "+%s%N"}.
StepBreakdown measure_step_breakdown(const std::filesystem::path& isotest, const std::vector<std::string>& clock_payload,
                                     unsigned runs, const std::filesystem::path& scratch);

}  // namespace bench
