#pragma once
// Polls /proc/PID/status of one running process for VmHWM, its own resident high-water mark
// (descendants not included). VmHWM only grows, so the last sample before the process exits
// is its peak up to that moment; polling faster only narrows the unseen tail. Start it only
// after the child has exec'd (Boost.Process returns then): between fork and exec the child
// still has the benchmark's own memory.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace bench {

struct PeakRss {
    long vm_hwm_kib = 0;     // largest VmHWM seen; 0 if never sampled
    unsigned samples = 0;
};

class PeakRssSampler {
public:
    PeakRssSampler(pid_t pid, std::chrono::microseconds interval);
    PeakRssSampler(const PeakRssSampler&) = delete;
    PeakRssSampler& operator=(const PeakRssSampler&) = delete;
    ~PeakRssSampler() = default;  // std::jthread stops and joins

    // Stops polling (it stops by itself once the process has exited) and returns the peak.
    PeakRss finish();

private:
    void poll(std::stop_token stop, pid_t pid, std::chrono::microseconds interval);

    std::atomic<long> peak_kib_{0};
    std::atomic<unsigned> samples_{0};
    std::jthread thread_;
};

}  // namespace bench
