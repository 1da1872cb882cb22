#pragma once
// CPU time the whole machine spent busy, from /proc/stat: what a batch of launches costs in
// CPU, kernel work included (namespace teardown runs in kernel workers, not in any process we
// could ask with getrusage), which is what bounds throughput once every core is busy.

#include <string>

namespace bench {

// Busy seconds in the first ("cpu") line of a /proc/stat text: user, nice, system, irq and
// softirq ticks (not idle, iowait or steal; guest time is already inside user), divided by
// `ticks_per_second`. Throws std::runtime_error when the line is missing or malformed.
double busy_seconds_from_proc_stat(const std::string& text, long ticks_per_second);

// The same, read now. Resolution: one tick (sysconf(_SC_CLK_TCK), 10 ms) per core.
double busy_cpu_seconds();

}  // namespace bench
