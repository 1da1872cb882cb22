// The suite's own reading of the host's subordinate ids (subuid(5)), independent of isotest's:
// whether --map-subids can work for the user running the suite, and what it should map.
#pragma once

#include <optional>
#include <string>

namespace testsupport {

struct Grant {
    unsigned long start = 0, count = 0;
};

// The first "owner:start:count" line of FILE (/etc/subuid or /etc/subgid) naming the user running
// the suite, by name or number.
std::optional<Grant> first_grant(const std::string& file);

// Granted in both files, and newuidmap/newgidmap installed.
bool subordinate_ids_available();

}  // namespace testsupport
