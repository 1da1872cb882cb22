#pragma once
// What the report says about where it ran: machine, kernel, tool versions, user, date.

#include <string>

#include "launchers.hpp"

namespace bench {

struct MachineInfo {
    unsigned online_cpus = 0;
    std::string cpu_model;
    std::string memory;        // MemTotal, e.g. "23.5 GiB"
    std::string kernel;        // uname -r
    std::string isotest_version, bwrap_version, unshare_version;
    std::string user;          // "root (uid 0)"
    std::string date_utc;      // ISO 8601
    std::string load_at_start; // /proc/loadavg's 1, 5, 15 minute figures
};

MachineInfo describe_machine(const Tools& tools);

// "1.05 0.80 0.61": other work on the machine disturbs every figure; the report says how much.
std::string load_average();

}  // namespace bench
