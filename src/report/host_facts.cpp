#include "report/host_facts.hpp"

#include <climits>
#include <unistd.h>

namespace isotest::report {

HostFacts current_host_facts() {
    HostFacts facts;
    char name[HOST_NAME_MAX + 1] = {};
    // The schema wants a hostname; "localhost" is its documented fallback.
    if (gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') {
        facts.hostname = name;
    } else {
        facts.hostname = "localhost";
    }
    facts.uid = getuid();
    facts.now = std::chrono::system_clock::now();
    return facts;
}

}  // namespace isotest::report
