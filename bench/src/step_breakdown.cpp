#include "step_breakdown.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "launch_error.hpp"
#include "progress.hpp"
#include "step_timings.hpp"
#include "timed_run.hpp"

namespace bench {

namespace {

std::string contents_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double ms(const TimedRun& run) { return run.seconds * 1e3; }

// Runs the clock payload (maybe wrapped) and splits its wall time at the moment it printed.
void run_phases(ChildSet& children, const Command& command, const LaunchIo& io, LaunchPhases& phases) {
    using namespace std::chrono;
    system_clock::time_point started = system_clock::now();
    TimedRun run = run_timed(children, command, io);
    std::string printed = contents_of(io.stdout_file);
    long long payload_ns = 0;
    try {
        payload_ns = std::stoll(printed);
    } catch (const std::exception&) {
        throw LaunchError(command.label + " printed '" + printed + "', not nanoseconds: `" +
                          shell_quoted(command.argv) + "`");
    }
    double until_test = static_cast<double>(payload_ns - duration_cast<nanoseconds>(started.time_since_epoch()).count()) / 1e6;
    phases.wall_ms.push_back(ms(run));
    phases.until_test_ms.push_back(until_test);
    phases.after_test_ms.push_back(ms(run) - until_test);
}

}  // namespace

StepBreakdown measure_step_breakdown(const std::filesystem::path& isotest, const std::vector<std::string>& clock_payload,
                                     unsigned runs, const std::filesystem::path& scratch) {
    progress("setup steps: " + std::to_string(runs) + " runs of `isotest -v -- " + shell_quoted(clock_payload) + "`");
    StepBreakdown result;
    std::vector<std::string> verbose_argv{isotest.string(), "-v", "--"};
    verbose_argv.insert(verbose_argv.end(), clock_payload.begin(), clock_payload.end());
    result.verbose_command = {"isotest -v", verbose_argv};
    result.bare_command = {"bare", clock_payload};
    Command version{"isotest --version", {isotest.string(), "--version"}};
    LaunchIo verbose_io{scratch, scratch / "verbose.stderr", nullptr, scratch / "verbose.stdout"};
    LaunchIo bare_io{scratch, scratch / "floor.stderr", nullptr, scratch / "floor.stdout"};
    LaunchIo version_io{scratch, scratch / "floor.stderr", nullptr, {}};
    ChildSet children;
    for (unsigned run = 0; run < runs; ++run) {
        run_phases(children, result.verbose_command, verbose_io, result.isotest);
        double sum = 0;
        for (const auto& [name, step_ms] : parse_step_timings_ms(contents_of(verbose_io.stderr_file))) {
            auto series = std::find_if(result.steps.begin(), result.steps.end(),
                                       [&](const StepSeries& known) { return known.name == name; });
            if (series == result.steps.end()) series = result.steps.insert(result.steps.end(), StepSeries{name, {}});
            series->ms.push_back(step_ms);
            sum += step_ms;
        }
        result.step_sum_ms.push_back(sum);
        run_phases(children, result.bare_command, bare_io, result.bare);
        result.version_ms.push_back(ms(run_timed(children, version, version_io)));
    }
    return result;
}

}  // namespace bench
