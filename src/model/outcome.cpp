#include "isotest/outcome.hpp"

#include <signal.h>
#include <string.h>

#include "isotest/exit_codes.hpp"

namespace isotest {

int exit_status(const Outcome& outcome) {
    switch (outcome.kind) {
        case OutcomeKind::exited: return outcome.exit_code;
        case OutcomeKind::signaled: return exit_code::signal_base + outcome.signal;
        case OutcomeKind::timed_out: return exit_code::timed_out;
        case OutcomeKind::setup_failed:
            return outcome.exit_code != 0 ? outcome.exit_code : exit_code::isotest_failure;
    }
    return exit_code::isotest_failure;
}

std::string signal_name(int signal) {
    if (const char* abbrev = ::sigabbrev_np(signal)) return std::string("SIG") + abbrev;
    return "signal " + std::to_string(signal);
}

}  // namespace isotest
