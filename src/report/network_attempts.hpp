// How the network attempts a run recorded (--record-network) read in the report: the property
// isotest.network_attempts and the line the failure message gains when the test failed.
#pragma once

#include <cstddef>
#include <string>

#include "isotest/outcome.hpp"

namespace isotest::report {

// "tcp 192.0.2.1:80 (3 times, first at 0.012 s), dns example.org (first at 0.010 s) (+2 more)":
// the first `most` listed, the rest counted. "none" when nothing was tried.
std::string network_attempts_text(const Outcome& outcome, std::size_t most = static_cast<std::size_t>(-1));

// isotest.network_attempts: the list above, or why nothing could be recorded.
std::string network_attempts_property(const Outcome& outcome);

// Whether the run tried the network at all (and so the failure message says so).
bool tried_network(const Outcome& outcome);

}  // namespace isotest::report
