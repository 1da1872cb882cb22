#include "host_ids.hpp"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace testsupport {

std::optional<Grant> first_grant(const std::string& file) {
    const passwd* entry = ::getpwuid(::getuid());
    const std::string name = entry ? entry->pw_name : "";
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find(':');
        if (first == std::string::npos) continue;
        const auto second = line.find(':', first + 1);
        if (second == std::string::npos) continue;
        const std::string owner = line.substr(0, first);
        if (owner != name && owner != std::to_string(::getuid())) continue;
        try {
            const Grant grant{std::stoul(line.substr(first + 1, second - first - 1)), std::stoul(line.substr(second + 1))};
            if (grant.count > 0) return grant;
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

bool subordinate_ids_available() {
    return std::filesystem::exists("/usr/bin/newuidmap") && std::filesystem::exists("/usr/bin/newgidmap") &&
           first_grant("/etc/subuid") && first_grant("/etc/subgid");
}

}  // namespace testsupport
