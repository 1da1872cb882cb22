#include "sandbox/attempt_log.hpp"

#include <algorithm>

namespace isotest::attempt_log {

Seen Log::add(const packets::Attempt& attempt, double at_seconds) {
    const auto same = [&](const Entry& entry) { return entry.attempt == attempt; };
    if (const auto found = std::find_if(entries_.begin(), entries_.end(), same); found != entries_.end()) {
        ++found->count;
        return Seen::again;
    }
    if (entries_.size() >= listed_) {
        ++unlisted_;
        return Seen::unlisted;
    }
    entries_.push_back({attempt, at_seconds, 1, 0});
    return Seen::first;
}

}  // namespace isotest::attempt_log
