// The network attempts the responder saw, bounded: the first kListed distinct ones (by protocol,
// destination, port and DNS name) with when each was first seen and how often; past those, only
// a count of the packets that did not fit. The test chooses how many destinations it tries, so
// nothing here grows with it. Pure; the responder (net_responder.hpp) feeds it.
#pragma once

#include <cstddef>
#include <vector>

#include "sandbox/packets.hpp"

namespace isotest::attempt_log {

inline constexpr std::size_t kListed = 100;

struct Entry {
    packets::Attempt attempt;
    double first_seconds = 0;  // when it was first seen, seconds after isotest started
    std::size_t count = 0;
    std::size_t count_sent = 0;  // how many of them the supervisor has heard of
};

enum class Seen { first, again, unlisted };

class Log {
public:
    explicit Log(std::size_t listed = kListed) : listed_(listed) {}
    Seen add(const packets::Attempt& attempt, double at_seconds);
    std::vector<Entry>& entries() { return entries_; }
    std::size_t unlisted() const { return unlisted_; }

private:
    std::size_t listed_;
    std::vector<Entry> entries_;
    std::size_t unlisted_ = 0;
};

}  // namespace isotest::attempt_log
