// Facts about the host the report states; gathered once so the report builder stays pure
// (and testable with fixed values).
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>

namespace isotest::report {

struct HostFacts {
    std::string hostname;  // gethostname(); "localhost" if it can't be determined
    uid_t uid = 0;         // the invoking user's uid on the host
    std::chrono::system_clock::time_point now{};
};

HostFacts current_host_facts();

}  // namespace isotest::report
