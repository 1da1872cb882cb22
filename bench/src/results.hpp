#pragma once
// Everything one benchmark run measured, for the targets and the report.

#include <vector>

#include "latency.hpp"
#include "machine_info.hpp"
#include "step_breakdown.hpp"
#include "streaming.hpp"
#include "throughput.hpp"

namespace bench {

struct StreamSeries {
    Command command;
    std::vector<StreamRun> runs;
};

struct Results {
    MachineInfo machine;
    LatencyResult latency;              // rows: see latency_launchers()
    ThroughputResult throughput;        // plans: isotest, bwrap[, isotest --junit]
    std::uint64_t stream_bytes = 0;
    std::vector<StreamSeries> streams;  // bare, isotest, isotest --junit[, baseline, baseline --junit]; paired
    std::vector<StreamSeries> idle;     // isotest, isotest --junit writing nothing: RSS floor
    StepBreakdown steps;
    std::string load_at_end;
};

// Row indices, fixed by the order the runner measures in.
enum LatencyRow {
    latency_bare, latency_unshare, latency_bwrap, latency_isotest, latency_isotest_junit,
    latency_isotest_junit_unrecorded,  // --record-network off: what recording network attempts costs
    latency_baseline, latency_baseline_junit  // with --baseline only
};
enum ThroughputPlan { plan_isotest, plan_bwrap, plan_isotest_junit };
enum StreamMode { stream_bare, stream_isotest, stream_isotest_junit, stream_baseline, stream_baseline_junit };

}  // namespace bench
