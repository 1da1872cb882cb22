// isotest-bench: measures isotest against bare /bin/true, unshare and bubblewrap in one run
// and writes a markdown report. Exit 0: every measured command exited 0 (whatever the
// figures); 1: a measured command failed; 125: bad command line.

#include <boost/process/search_path.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "config.hpp"
#include "launch_error.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "scratch_dir.hpp"

namespace bench {

namespace {

constexpr std::chrono::seconds kSettle{2};

std::vector<StreamSeries> measure_streams(const std::vector<Command>& commands, std::uint64_t bytes, unsigned rounds,
                                          const Config& config, const std::filesystem::path& scratch) {
    std::vector<StreamSeries> series;
    for (const Command& command : commands) series.push_back({command, {}});
    for (unsigned round = 0; round < rounds; ++round) {
        for (std::size_t step = 0; step < commands.size(); ++step) {
            std::size_t which = (round + step) % commands.size();
            series[which].runs.push_back(run_stream(commands[which], bytes, scratch, config.rss_interval));
        }
    }
    return series;
}

Results measure(const Config& config, const std::filesystem::path& scratch) {
    const Tools& tools = config.tools;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return " (" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                                      started).count()) + " s so far)";
    };
    Results results;
    results.machine = describe_machine(tools);
    progress("isotest " + results.machine.isotest_version + ", " + results.machine.bwrap_version + ", kernel " +
             results.machine.kernel + ", as " + results.machine.user);

    std::filesystem::path junit = scratch / "latency-junit.xml";
    results.latency = measure_latency(latency_launchers(tools, junit), config.latency_rounds, config.warmup_rounds,
                                      scratch);
    progress("latency done" + elapsed());

    std::vector<std::string> payload{tools.true_command.string()};
    std::vector<BatchPlan> plans{
        {"isotest", [&](std::size_t) { return under_isotest(tools, payload); }},
        {"bwrap", [&](std::size_t) { return under_bwrap(tools, payload); }},
    };
    if (config.throughput_junit) {
        plans.push_back({"isotest --junit", [&](std::size_t i) {
                             return under_isotest(tools, payload, scratch / ("batch-" + std::to_string(i) + ".xml"));
                         }});
    }
    results.throughput = measure_throughput(plans, config.parallelism, config.throughput_launches,
                                            config.throughput_rounds, scratch);
    progress("throughput done" + elapsed());
    // The kernel frees the batches' namespaces asynchronously (network namespaces in a workqueue),
    // for a while after the last launch: let that finish rather than run during the streams.
    if (!config.quick) std::this_thread::sleep_for(kSettle);

    std::string head = boost::process::search_path("head").string();
    if (head.empty()) throw std::runtime_error("head not found on PATH (coreutils)");
    std::vector<std::string> stream{head, "-c", std::to_string(config.stream_bytes), "/dev/zero"};
    std::filesystem::path stream_junit = scratch / "stream-junit.xml";
    progress("streaming: " + std::to_string(config.stream_bytes) + " bytes, " + std::to_string(config.stream_rounds) +
             " rounds of bare, isotest, isotest --junit");
    results.stream_bytes = config.stream_bytes;
    std::vector<Command> streams{bare(stream), under_isotest(tools, stream), under_isotest(tools, stream, stream_junit)};
    if (tools.baseline) {
        streams.push_back(under_baseline(tools, stream));
        streams.push_back(under_baseline(tools, stream, stream_junit));
    }
    results.streams = measure_streams(streams, config.stream_bytes, config.stream_rounds, config, scratch);
    results.idle = measure_streams({under_isotest(tools, payload), under_isotest(tools, payload, stream_junit)}, 0,
                                   config.stream_rounds, config, scratch);
    progress("streaming done" + elapsed());

    std::string date = boost::process::search_path("date").string();
    if (date.empty()) throw std::runtime_error("date not found on PATH (coreutils)");
    results.steps = measure_step_breakdown(tools.isotest, {date, "+%s%N"}, config.step_runs, scratch);
    progress("setup steps done" + elapsed());
    results.load_at_end = load_average();
    return results;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

int run(int argc, char** argv) {
    std::optional<Config> config = parse_config(argc, argv);
    if (!config) return 0;
    ScratchDir scratch(config->scratch_parent);
    Results results = measure(*config, scratch.path());
    std::vector<TargetRow> targets = evaluate_targets(results);

    std::ostringstream report;
    write_report(report, *config, results, targets);
    if (config->output.empty()) std::cout << report.str();
    else write_file(config->output, report.str());
    if (!config->targets_tsv.empty()) {
        std::ostringstream tsv;
        write_targets_tsv(tsv, targets);
        write_file(config->targets_tsv, tsv.str());
    }
    progress("done" + (config->output.empty() ? std::string() : ": " + config->output.string()));
    return 0;
}

}  // namespace

}  // namespace bench

int main(int argc, char** argv) {
    try {
        return bench::run(argc, argv);
    } catch (const bench::UsageError& error) {
        std::cerr << "isotest-bench: error: " << error.what() << std::endl;
        return 125;
    } catch (const bench::LaunchError& error) {
        std::cerr << "isotest-bench: error: " << error.what() << std::endl;
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "isotest-bench: error: " << error.what() << std::endl;
        return 1;
    }
}
