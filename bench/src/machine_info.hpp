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
};

MachineInfo describe_machine(const Tools& tools);

}  // namespace bench
