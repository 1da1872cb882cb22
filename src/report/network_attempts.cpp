#include "report/network_attempts.hpp"

#include "report/time_text.hpp"

namespace isotest::report {

std::string network_attempts_text(const Outcome& outcome, std::size_t most) {
    if (!tried_network(outcome)) return "none";
    std::string text;
    std::size_t listed = 0;
    for (const NetworkAttempt& attempt : outcome.network_attempts) {
        if (listed == most) break;
        if (listed++ > 0) text += ", ";
        text += attempt.description + " (";
        if (attempt.count > 1) text += std::to_string(attempt.count) + " times, ";
        text += "first at " + format_seconds(attempt.first_seconds) + " s)";
    }
    const std::size_t more = outcome.network_attempts.size() - listed + outcome.network_attempts_unlisted;
    if (more > 0) text += (text.empty() ? "(+" : " (+") + std::to_string(more) + " more)";
    return text;
}

std::string network_attempts_property(const Outcome& outcome) {
    if (!outcome.network_unrecorded.empty()) return "not recorded: " + outcome.network_unrecorded;
    return network_attempts_text(outcome);
}

bool tried_network(const Outcome& outcome) {
    return !outcome.network_attempts.empty() || outcome.network_attempts_unlisted > 0;
}

}  // namespace isotest::report
