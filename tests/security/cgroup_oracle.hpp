// Whether this user can give a sandbox a cgroup with a given controller, worked out here
// independently of isotest's own code (from /proc/self/mounts rather than mountinfo): the
// cgroup tests expect hard limits exactly where one is possible, and rlimits alone elsewhere.
#pragma once

#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace sectest {

inline bool contains_word(const std::string& list, const std::string& word, char separator) {
    std::istringstream items(list);
    for (std::string item; std::getline(items, item, separator);) {
        if (item == word) return true;
    }
    return false;
}

// Where a sandbox's cgroup with `controller` can go, if this user may make it there: in v1, our
// own cgroup of the controller's hierarchy, if writable; in v2, the nearest of our cgroup and
// its ancestors whose cgroup.subtree_control lists the controller, if that one (and its
// cgroup.procs, for moving the test in) is writable. The sandbox's cgroup is
// <that>/isotest.<isotest's pid>.
inline std::optional<std::string> writable_cgroup_for(const std::string& controller) {
    std::ifstream own("/proc/self/cgroup");
    for (std::string line; std::getline(own, line);) {
        const auto first = line.find(':'), second = line.find(':', first + 1);
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        const bool v2 = line.substr(0, first) == "0" && controllers.empty();
        if (!v2 && !contains_word(controllers, controller, ',')) continue;
        std::ifstream mounts("/proc/self/mounts");
        for (std::string source, mount_point, type, options, rest; mounts >> source >> mount_point >> type >> options;) {
            std::getline(mounts, rest);
            if (type != (v2 ? "cgroup2" : "cgroup") || (!v2 && !contains_word(options, controller, ','))) continue;
            std::string directory = mount_point + (path == "/" ? "" : path);
            if (v2) {
                for (;;) {
                    std::ifstream offered(directory + "/cgroup.subtree_control");
                    std::string list;
                    std::getline(offered, list);
                    if (contains_word(list, controller, ' ')) break;
                    if (directory == mount_point) return std::nullopt;
                    directory = directory.substr(0, directory.rfind('/'));
                }
                if (::access((directory + "/cgroup.procs").c_str(), W_OK) != 0) return std::nullopt;
            }
            if (::access(directory.c_str(), W_OK) == 0) return directory;
            break;
        }
    }
    return std::nullopt;
}

}  // namespace sectest
