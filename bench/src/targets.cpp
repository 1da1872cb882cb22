#include "targets.hpp"

#include <algorithm>

#include "format.hpp"
#include "stats.hpp"

namespace bench {

namespace {

constexpr double kib_per_mib = 1024.0;

std::vector<double> stream_rates(const StreamSeries& series) {
    std::vector<double> rates;
    for (const StreamRun& run : series.runs) rates.push_back(static_cast<double>(run.bytes) / run.stream_seconds);
    return rates;
}

TargetRow latency_ratio_row(const Results& results, LatencyRow peer, double limit, const std::string& peer_name) {
    const auto& seconds = results.latency.seconds;
    double ratio = summarize(pairwise_ratios(seconds[latency_isotest_junit], seconds[peer])).median;
    return {"`isotest --junit F -- /bin/true` ≤ " + fixed(limit, 2) + " × " + peer_name +
                " (median of per-round ratios)",
            fixed(ratio, 2) + " × (" + fixed(summarize(seconds[latency_isotest_junit]).median * 1e3, 2) + " ms vs " +
                fixed(summarize(seconds[peer]).median * 1e3, 2) + " ms)",
            ratio <= limit};
}

TargetRow rss_row(const Results& results, StreamMode mode, const std::string& name) {
    long peak = 0;
    for (const StreamRun& run : results.streams[mode].runs) peak = std::max(peak, run.vm_hwm_kib);
    double mib = static_cast<double>(peak) / kib_per_mib;
    return {"supervisor peak RSS ≤ 6 MiB, `" + name + "` streaming " + fixed(results.stream_bytes / 1048576.0, 0) +
                " MiB",
            fixed(mib, 2) + " MiB (largest VmHWM of " + std::to_string(results.streams[mode].runs.size()) + " runs)",
            peak > 0 && mib <= 6.0};
}

TargetRow passthrough_row(const Results& results, StreamMode mode, const std::string& name) {
    std::vector<double> with = stream_rates(results.streams[mode]);
    std::vector<double> without = stream_rates(results.streams[stream_bare]);
    double ratio = summarize(pairwise_ratios(with, without)).median;
    return {"output passthrough ≥ 0.8 × without isotest, `" + name + "`",
            fixed(ratio, 2) + " × (" + fixed(summarize(with).median / 1048576.0, 0) + " vs " +
                fixed(summarize(without).median / 1048576.0, 0) + " MiB/s)",
            ratio >= 0.8};
}

}  // namespace

std::vector<TargetRow> evaluate_targets(const Results& results) {
    std::vector<TargetRow> rows;
    rows.push_back(latency_ratio_row(results, latency_bwrap, 0.75, "bwrap"));
    rows.push_back(latency_ratio_row(results, latency_unshare, 1.10, "unshare"));
    for (std::size_t level = 0; level < results.throughput.levels.size(); ++level) {
        const auto& rates = results.throughput.launches_per_second[level];
        double ratio = summarize(pairwise_ratios(rates[plan_isotest], rates[plan_bwrap])).median;
        rows.push_back({"throughput at parallelism " + std::to_string(results.throughput.levels[level]) +
                            " ≥ 1.5 × bwrap (`isotest -- /bin/true`)",
                        fixed(ratio, 2) + " × (" + fixed(summarize(rates[plan_isotest]).median, 1) + " vs " +
                            fixed(summarize(rates[plan_bwrap]).median, 1) + " launches/s)",
                        ratio >= 1.5});
    }
    rows.push_back(rss_row(results, stream_isotest, "isotest -- cmd"));
    rows.push_back(rss_row(results, stream_isotest_junit, "isotest --junit F -- cmd"));
    rows.push_back(passthrough_row(results, stream_isotest, "isotest -- cmd"));
    rows.push_back(passthrough_row(results, stream_isotest_junit, "isotest --junit F -- cmd"));
    return rows;
}

}  // namespace bench
