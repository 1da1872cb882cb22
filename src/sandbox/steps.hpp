// Times each setup step inside the sandbox and reports it over the status channel, so the
// supervisor can print it (-v) and put the total into the report. The records wait in an outbox
// until flush() (one write for the whole setup), or go at once with `live` (-v: progress shows
// as it happens).
#pragma once

#include <string>
#include <string_view>

#include "sandbox/channel.hpp"
#include "sandbox/syscall.hpp"

namespace isotest {

class StepReporter {
public:
    StepReporter(int channel_fd, bool live) : outbox_(channel_fd), live_(live) {}

    template <typename Step>
    void run(std::string_view name, Step&& step) {
        const double start = sys::monotonic_seconds();
        step();
        add(channel::Step{std::string(name), (sys::monotonic_seconds() - start) * 1000.0});
    }

    // Something worth knowing that is not an error (e.g. a fallback taken); shown with -v.
    void note(std::string_view text) { add(channel::Note{std::string(text)}); }

    void flush() { outbox_.flush(); }

private:
    void add(const channel::Record& record) {
        outbox_.add(record);
        if (live_) outbox_.flush();
    }

    channel::Outbox outbox_;
    bool live_;
};

}  // namespace isotest
