#include "sandbox/cgroup_plan.hpp"

#include <algorithm>
#include <charconv>

namespace isotest::cgroup_plan {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view field) {
    std::string text;
    for (std::size_t i = 0; i < field.size(); ++i) {
        const auto octal = [&](std::size_t at) { return field[at] >= '0' && field[at] <= '7'; };
        if (field[i] == '\\' && i + 3 < field.size() && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
            text += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
            i += 3;
        } else {
            text += field[i];
        }
    }
    return text;
}

struct CgroupMount {
    int version;
    std::string root;         // the hierarchy path mounted there
    std::string mount_point;
    std::vector<std::string> controllers;  // v1: from the super options
};

std::vector<CgroupMount> cgroup_mounts(std::string_view mountinfo) {
    std::vector<CgroupMount> mounts;
    for (std::string_view line : split(mountinfo, '\n')) {
        const auto fields = split(line, ' ');
        const auto dash = std::find(fields.begin(), fields.end(), "-");
        if (fields.size() < 5 || dash == fields.end() || fields.end() - dash < 4) continue;
        const std::string_view type = dash[1];
        if (type != "cgroup" && type != "cgroup2") continue;
        CgroupMount mount{type == "cgroup2" ? 2 : 1, unescape(fields[3]), unescape(fields[4]), {}};
        if (mount.version == 1) {
            for (std::string_view option : split(dash[3], ',')) mount.controllers.emplace_back(option);
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

// The directory of hierarchy path `path` under a mount of `root` at `mount_point`.
std::optional<std::string> directory_of(const CgroupMount& mount, const std::string& path) {
    if (mount.root == "/") return mount.mount_point + (path == "/" ? "" : path);
    if (path == mount.root) return mount.mount_point;
    if (path.size() > mount.root.size() && path.compare(0, mount.root.size(), mount.root) == 0 &&
        path[mount.root.size()] == '/') {
        return mount.mount_point + path.substr(mount.root.size());
    }
    return std::nullopt;
}

}  // namespace

bool lists(const std::vector<std::string>& controllers, std::string_view controller) {
    return std::find(controllers.begin(), controllers.end(), controller) != controllers.end();
}

std::vector<OwnCgroup> own_cgroups(std::string_view mountinfo, std::string_view proc_self_cgroup,
                                   const std::vector<std::string>& wanted) {
    const std::vector<CgroupMount> mounts = cgroup_mounts(mountinfo);
    std::vector<OwnCgroup> found;
    for (std::string_view line : split(proc_self_cgroup, '\n')) {
        // "hierarchy-id:controller,list:/path"; the path may itself hold ':'.
        const std::size_t first = line.find(':');
        const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) continue;
        const std::string path(line.substr(second + 1));
        const std::string_view listed = line.substr(first + 1, second - first - 1);
        std::vector<std::string> controllers;
        if (!listed.empty()) {
            for (std::string_view controller : split(listed, ',')) controllers.emplace_back(controller);
        }
        const int version = line.substr(0, first) == "0" && controllers.empty() ? 2 : 1;
        if (version == 1 && std::none_of(controllers.begin(), controllers.end(),
                                         [&](const std::string& c) { return lists(wanted, c); })) {
            continue;
        }
        for (const CgroupMount& mount : mounts) {
            if (mount.version != version) continue;
            if (version == 1 && !lists(mount.controllers, controllers.front())) continue;
            if (const auto directory = directory_of(mount, path)) {
                found.push_back({version, *directory, version == 1 ? controllers : std::vector<std::string>{},
                                 mount.mount_point});
                break;
            }
        }
    }
    return found;
}

std::vector<std::string> v2_places(const OwnCgroup& own) {
    const std::string& top = own.top;
    std::string place = own.directory;
    if (top.empty() || place.compare(0, top.size(), top) != 0) return {};
    std::vector<std::string> places{place};
    while (place.size() > top.size()) {
        place.resize(std::max(place.rfind('/'), top.size()));
        places.push_back(place);
    }
    return places;
}

std::vector<Setting> memory_settings(int version, std::uint64_t bytes) {
    const std::string value = std::to_string(bytes);
    if (version == 2) return {{"memory.max", value, true}, {"memory.swap.max", "0", false}};
    // memsw is memory + swap and may only be set at or above the memory limit, so after it.
    return {{"memory.limit_in_bytes", value, true}, {"memory.memsw.limit_in_bytes", value, false}};
}

std::vector<Setting> pids_settings(int /*version*/, std::uint64_t max_processes) {
    return {{"pids.max", std::to_string(max_processes), true}};
}

std::string oom_kill_file(int version) { return version == 2 ? "memory.events" : "memory.oom_control"; }

namespace {
// The number on the line "KEY N" of a cgroup's events file.
std::optional<std::uint64_t> event_count(std::string_view text, std::string_view key) {
    for (std::string_view line : split(text, '\n')) {
        if (line.substr(0, key.size()) != key || line.size() <= key.size() || line[key.size()] != ' ') continue;
        const std::string_view number = line.substr(key.size() + 1);
        std::uint64_t value = 0;
        const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (error == std::errc{} && end == number.data() + number.size()) return value;
    }
    return std::nullopt;
}
}  // namespace

std::optional<std::uint64_t> oom_kills(std::string_view text) { return event_count(text, "oom_kill"); }

std::optional<std::uint64_t> refused_forks(std::string_view text) { return event_count(text, "max"); }

std::vector<std::string> split_controllers(std::string_view text) {
    std::vector<std::string> controllers;
    for (std::string_view word : split(text, ' ')) {
        while (!word.empty() && (word.back() == '\n' || word.back() == '\r')) word.remove_suffix(1);
        if (!word.empty()) controllers.emplace_back(word);
    }
    return controllers;
}

}  // namespace isotest::cgroup_plan
