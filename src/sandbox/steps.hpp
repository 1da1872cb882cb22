// Times each setup step inside the sandbox and reports it over the status channel, so the
// supervisor can print it (-v) and put the total into the report.
#pragma once

#include <string>
#include <string_view>

#include "sandbox/channel.hpp"
#include "sandbox/syscall.hpp"

namespace isotest {

class StepReporter {
public:
    explicit StepReporter(int channel_fd) : channel_fd_(channel_fd) {}

    template <typename Step>
    void run(std::string_view name, Step&& step) {
        const double start = sys::monotonic_seconds();
        step();
        const double milliseconds = (sys::monotonic_seconds() - start) * 1000.0;
        channel::send(channel_fd_, channel::RecordType::step, std::string(name) + "\t" + std::to_string(milliseconds));
    }

    // Something worth knowing that is not an error (e.g. a fallback taken); shown with -v.
    void note(std::string_view text) const {
        channel::send(channel_fd_, channel::RecordType::step, std::string(text) + "\t-1");
    }

private:
    int channel_fd_;
};

}  // namespace isotest
