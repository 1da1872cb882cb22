#include "report.hpp"

#include <algorithm>

#include "format.hpp"
#include "stats.hpp"

namespace bench {

namespace {

std::string ms_cell(const Summary& s) {
    return fixed(s.median, 2) + " | " + fixed(s.min, 2) + " | " + fixed(s.max, 2);
}

std::vector<double> scaled(std::vector<double> values, double factor) {
    for (double& value : values) value *= factor;
    return values;
}

std::string range_cell(const Summary& s, int decimals) {
    return fixed(s.median, decimals) + " (" + fixed(s.min, decimals) + "–" + fixed(s.max, decimals) + ")";
}

void write_header(std::ostream& out, const Config& config, const Results& results) {
    const MachineInfo& m = results.machine;
    out << "## " << (config.heading.empty() ? "Run as " + m.user : config.heading) << "\n\n";
    out << "| | |\n| --- | --- |\n";
    out << "| date | " << m.date_utc << " |\n";
    out << "| user | " << m.user << " |\n";
    out << "| command | `" << config.invocation << "` |\n";
    out << "| mode | " << (config.quick ? "--quick (smoke run: too few iterations to quote)" : "full") << " |\n";
    out << "| machine | " << m.online_cpus << " CPUs online, " << m.cpu_model << ", " << m.memory << " RAM |\n";
    out << "| load average (1/5/15 min) | at start " << m.load_at_start << "; at end " << results.load_at_end
        << " (other work on the machine disturbs every figure; paired ratios least) |\n";
    out << "| kernel | " << m.kernel << " |\n";
    out << "| isotest | " << m.isotest_version << " (`" << config.tools.isotest.string() << "`) |\n";
    out << "| bwrap | " << m.bwrap_version << " |\n";
    out << "| unshare | " << m.unshare_version << " |\n\n";
}

void write_targets(std::ostream& out, const std::vector<TargetRow>& targets) {
    out << "### Targets\n\n| target | measured | met? |\n| --- | --- | --- |\n";
    for (const TargetRow& row : targets) {
        out << "| " << row.target << " | " << row.measured << " | " << (row.met ? "yes" : "**no**") << " |\n";
    }
    out << "\n";
}

void write_latency(std::ostream& out, const Config& config, const Results& results) {
    const LatencyResult& latency = results.latency;
    out << "### Launch latency of `/bin/true`\n\n"
        << latency.seconds.front().size() << " interleaved rounds (+" << config.warmup_rounds
        << " dropped), each launcher once per round; wall time from spawn to reap.\n\n";
    out << "| launcher | median ms | min ms | max ms | × bare (paired median) |\n| --- | --- | --- | --- | --- |\n";
    for (std::size_t i = 0; i < latency.commands.size(); ++i) {
        Summary s = summarize(scaled(latency.seconds[i], 1e3));
        double vs_bare = summarize(pairwise_ratios(latency.seconds[i], latency.seconds[latency_bare])).median;
        out << "| " << latency.commands[i].label << " | " << ms_cell(s) << " | " << fixed(vs_bare, 2) << " |\n";
    }
    out << "\nPer-round ratios (a / b of the same round):\n\n"
        << "| a / b | median | min | max |\n| --- | --- | --- | --- |\n";
    std::vector<std::pair<LatencyRow, LatencyRow>> pairs = {
        {latency_isotest_junit, latency_bwrap},   {latency_isotest_junit, latency_unshare},
        {latency_isotest, latency_bwrap},         {latency_isotest, latency_unshare},
        {latency_isotest_junit, latency_isotest}, {latency_isotest_junit, latency_isotest_junit_unrecorded},
        {latency_bwrap, latency_unshare},
    };
    if (latency.commands.size() > latency_baseline_junit) {
        pairs.insert(pairs.begin(), {{latency_isotest, latency_baseline}, {latency_isotest_junit, latency_baseline_junit}});
    }
    for (const auto& [a, b] : pairs) {
        Summary s = summarize(pairwise_ratios(latency.seconds[a], latency.seconds[b]));
        out << "| " << latency.commands[a].label << " / " << latency.commands[b].label << " | " << fixed(s.median, 3)
            << " | " << fixed(s.min, 3) << " | " << fixed(s.max, 3) << " |\n";
    }
    out << "\nCommands:\n\n";
    for (const Command& command : latency.commands) {
        out << "- " << command.label << ": `" << shell_quoted(command.argv) << "`\n";
    }
    out << "\n";
}

// One row per parallelism level: each launcher's figure, then every other launcher against
// bwrap, per round, oriented so that above 1 means isotest ahead (more launches per second, or
// less CPU per launch).
void write_level_table(std::ostream& out, const ThroughputResult& t,
                       const std::vector<std::vector<std::vector<double>>>& figures, const std::string& unit,
                       int decimals, bool lower_is_better) {
    out << "| P |";
    for (const std::string& label : t.labels) out << " " << label << unit << " |";
    for (std::size_t plan = 0; plan < t.labels.size(); ++plan) {
        if (plan == plan_bwrap) continue;
        out << " " << (lower_is_better ? "bwrap / " + t.labels[plan] : t.labels[plan] + " / bwrap") << unit
            << " (paired median) |";
    }
    out << "\n| --- |";
    for (std::size_t i = 0; i + 1 < 2 * t.labels.size(); ++i) out << " --- |";
    out << "\n";
    for (std::size_t level = 0; level < t.levels.size(); ++level) {
        const auto& series = figures[level];
        out << "| " << t.levels[level] << " |";
        for (const auto& plan_series : series) out << " " << range_cell(summarize(plan_series), decimals) << " |";
        for (std::size_t plan = 0; plan < series.size(); ++plan) {
            if (plan == plan_bwrap) continue;
            const auto ratios = lower_is_better ? pairwise_ratios(series[plan_bwrap], series[plan])
                                                : pairwise_ratios(series[plan], series[plan_bwrap]);
            out << " " << fixed(summarize(ratios).median, 2) << " |";
        }
        out << "\n";
    }
    out << "\n";
}

void write_throughput(std::ostream& out, const Config& config, const Results& results) {
    const ThroughputResult& t = results.throughput;
    out << "### Parallel throughput\n\n"
        << config.throughput_launches << " launches of `/bin/true` per batch, P in flight at a time; launches per "
        << "second of wall time, median (min–max) of " << config.throughput_rounds
        << " batches per launcher; the launchers' batches alternate.\n\n";
    write_level_table(out, t, t.launches_per_second, "", 1, false);
    out << "CPU time per launch, ms: the whole machine's busy time (/proc/stat: user, nice, system, irq and "
        << "softirq of every core) from " << kBatchSettle.count() << " ms before a batch to as long after it, over "
        << "its launches. It includes the kernel's work in its own threads (namespaces are freed in a workqueue) "
        << "and any other work on the machine meanwhile. With P at or above the number of cores, throughput is "
        << "bounded by it.\n\n";
    write_level_table(out, t, t.cpu_ms_per_launch, " CPU", 2, true);
}

void write_streaming(std::ostream& out, const Config& config, const Results& results) {
    double mib = 1048576.0;
    out << "### Output streaming and supervisor memory\n\n"
        << "The test runs `head -c " << results.stream_bytes << " /dev/zero`; this harness reads its stdout from a "
        << "pipe and counts the bytes. " << config.stream_rounds << " streams per mode, modes interleaved"
        << (config.quick ? ". " : ", 2 s after the throughput batches (their namespaces are freed by then). ")
        << "Stream rate: first byte to end of file. Peak RSS: the launched process's own VmHWM from "
        << "/proc/PID/status, polled every " << fixed(static_cast<double>(config.rss_interval.count()) / 1000.0, 1)
        << " ms until it exits (VmHWM never decreases, so only growth in the last interval before exit could be "
        << "missed); for the bare row that process is `head` itself. wait4 ru_maxrss is the largest of the "
        << "process and its reaped descendants (with isotest: its init and the test), an upper bound.\n\n";
    out << "| mode | stream MiB/s | end-to-end MiB/s | × bare (paired) | peak VmHWM MiB | wait4 maxrss MiB | samples |\n"
        << "| --- | --- | --- | --- | --- | --- | --- |\n";
    auto rates = [](const StreamSeries& series, bool end_to_end) {
        std::vector<double> values;
        for (const StreamRun& run : series.runs) {
            values.push_back(static_cast<double>(run.bytes) / (end_to_end ? run.total_seconds : run.stream_seconds));
        }
        return values;
    };
    auto memory_cells = [&](const StreamSeries& series) {
        long hwm = 0, maxrss = 0;
        unsigned samples = ~0u;
        for (const StreamRun& run : series.runs) {
            hwm = std::max(hwm, run.vm_hwm_kib);
            maxrss = std::max(maxrss, run.wait4_maxrss_kib);
            samples = std::min(samples, run.rss_samples);
        }
        return fixed(hwm / 1024.0, 2) + " | " + fixed(maxrss / 1024.0, 2) + " | ≥ " + std::to_string(samples);
    };
    const std::vector<double> bare_rates = rates(results.streams[stream_bare], false);
    for (const StreamSeries& series : results.streams) {
        std::vector<double> stream = rates(series, false);
        out << "| `" << series.command.label << "` | " << range_cell(summarize(scaled(stream, 1 / mib)), 0) << " | "
            << range_cell(summarize(scaled(rates(series, true), 1 / mib)), 0) << " | "
            << fixed(summarize(pairwise_ratios(stream, bare_rates)).median, 2) << " | " << memory_cells(series)
            << " |\n";
    }
    for (const StreamSeries& series : results.idle) {
        out << "| `" << series.command.label << "`, no output (`/bin/true`) | – | – | – | " << memory_cells(series)
            << " |\n";
    }
    if (results.streams.size() > stream_baseline_junit) {
        out << "\nAgainst the baseline (per-round ratios of stream rates, a / b):\n\n"
            << "| a / b | median | min | max |\n| --- | --- | --- | --- |\n";
        for (const auto& [a, b] : {std::pair{stream_isotest, stream_baseline},
                                   std::pair{stream_isotest_junit, stream_baseline_junit}}) {
            Summary s = summarize(pairwise_ratios(rates(results.streams[a], false), rates(results.streams[b], false)));
            out << "| `" << results.streams[a].command.label << "` / `" << results.streams[b].command.label << "` | "
                << fixed(s.median, 3) << " | " << fixed(s.min, 3) << " | " << fixed(s.max, 3) << " |\n";
        }
    }
    out << "\nCommands:\n\n";
    for (const StreamSeries& series : results.streams) {
        out << "- `" << shell_quoted(series.command.argv) << "`\n";
    }
    out << "\n";
}

std::vector<double> differences(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> result;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) result.push_back(a[i] - b[i]);
    return result;
}

void write_steps(std::ostream& out, const Results& results) {
    const StepBreakdown& b = results.steps;
    Summary wall = summarize(b.isotest.wall_ms);
    auto share = [&](double ms) { return fixed(100 * ms / wall.median, 0) + " %"; };
    out << "### Where isotest's launch time goes (`-v`)\n\n"
        << "`" << shell_quoted(b.verbose_command.argv) << "`, " << wall.count
        << " runs, interleaved with the bare payload and `isotest --version`. Step durations are isotest's own "
        << "`-v` figures (in the order printed, which is not always the order run); share = median / median wall "
        << "time of the `-v` run.\n\n";
    out << "| step | median ms | min ms | max ms | share | runs |\n| --- | --- | --- | --- | --- | --- |\n";
    std::vector<std::pair<double, std::string>> ranked;
    for (const StepSeries& step : b.steps) {
        Summary s = summarize(step.ms);
        ranked.emplace_back(s.median, step.name);
        out << "| " << step.name << " | " << fixed(s.median, 3) << " | " << fixed(s.min, 3) << " | "
            << fixed(s.max, 3) << " | " << share(s.median) << " | " << step.ms.size() << " |\n";
    }
    if (b.steps.empty()) out << "| (isotest -v printed no step timings) | | | | | |\n";
    Summary steps = summarize(b.step_sum_ms);
    Summary unprinted = summarize(differences(b.isotest.wall_ms, b.step_sum_ms));
    out << "| **all printed steps** | " << fixed(steps.median, 3) << " | " << fixed(steps.min, 3) << " | "
        << fixed(steps.max, 3) << " | " << share(steps.median) << " | |\n";
    out << "| **in no printed step** (wall − steps: exec, loading and exit of isotest, spawning and running the "
        << "test, waiting between steps) | " << fixed(unprinted.median, 3) << " | " << fixed(unprinted.min, 3)
        << " | " << fixed(unprinted.max, 3) << " | " << share(unprinted.median) << " | |\n";
    out << "| **wall** | " << fixed(wall.median, 3) << " | " << fixed(wall.min, 3) << " | " << fixed(wall.max, 3)
        << " | 100 % | |\n\n";

    out << "The payload prints the wall clock (not namespaced) as it starts, which splits each launch in two, "
        << "median (min–max) ms:\n\n";
    out << "| phase | `isotest -v -- " << shell_quoted(b.bare_command.argv) << "` | bare `"
        << shell_quoted(b.bare_command.argv) << "` | isotest's cost |\n| --- | --- | --- | --- |\n";
    auto phase_row = [&](const std::string& name, const std::vector<double>& with, const std::vector<double>& without) {
        out << "| " << name << " | " << range_cell(summarize(with), 2) << " | " << range_cell(summarize(without), 2)
            << " | " << fixed(summarize(differences(with, without)).median, 2) << " |\n";
    };
    phase_row("spawn → test running", b.isotest.until_test_ms, b.bare.until_test_ms);
    phase_row("test ran → reaped", b.isotest.after_test_ms, b.bare.after_test_ms);
    phase_row("wall", b.isotest.wall_ms, b.bare.wall_ms);
    out << "\nFloor of isotest's own start: `isotest --version` (load, relocate, run, exit; no sandbox) "
        << range_cell(summarize(b.version_ms), 2) << " ms.\n\n";

    ranked.emplace_back(unprinted.median, "in no printed step");
    std::sort(ranked.rbegin(), ranked.rend());
    out << "Largest first:";
    for (std::size_t i = 0; i < std::min<std::size_t>(4, ranked.size()); ++i) {
        out << (i == 0 ? " " : "; ") << ranked[i].second << " " << fixed(ranked[i].first, 2) << " ms";
    }
    out << ".\n\n";
}

}  // namespace

void write_report(std::ostream& out, const Config& config, const Results& results,
                  const std::vector<TargetRow>& targets) {
    write_header(out, config, results);
    write_targets(out, targets);
    write_latency(out, config, results);
    write_throughput(out, config, results);
    write_streaming(out, config, results);
    write_steps(out, results);
}

void write_targets_tsv(std::ostream& out, const std::vector<TargetRow>& targets) {
    for (const TargetRow& row : targets) {
        out << row.target << '\t' << row.measured << '\t' << (row.met ? "yes" : "no") << '\n';
    }
}

}  // namespace bench
