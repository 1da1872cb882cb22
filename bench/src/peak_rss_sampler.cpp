#include "peak_rss_sampler.hpp"

#include <fstream>
#include <optional>
#include <string>

namespace bench {

namespace {

// VmHWM in KiB; nullopt once the process is gone or a zombie (its memory is released then).
std::optional<long> read_vm_hwm_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return std::nullopt;
}

}  // namespace

PeakRssSampler::PeakRssSampler(pid_t pid, std::chrono::microseconds interval)
    : thread_([this, pid, interval](std::stop_token stop) { poll(stop, pid, interval); }) {}

void PeakRssSampler::poll(std::stop_token stop, pid_t pid, std::chrono::microseconds interval) {
    while (!stop.stop_requested()) {
        std::optional<long> hwm = read_vm_hwm_kib(pid);
        if (!hwm) return;  // exited: a zombie has no memory left to measure
        if (*hwm > peak_kib_.load()) peak_kib_.store(*hwm);
        samples_.fetch_add(1);
        std::this_thread::sleep_for(interval);
    }
}

PeakRss PeakRssSampler::finish() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
    return {peak_kib_.load(), samples_.load()};
}

}  // namespace bench
