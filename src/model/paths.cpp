#include "isotest/paths.hpp"

#include <algorithm>
#include <vector>

namespace isotest::paths {

bool is_within(std::string_view path, std::string_view prefix) {
    if (prefix == "/") return !path.empty() && path.front() == '/';
    return path.size() >= prefix.size() && path.substr(0, prefix.size()) == prefix &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

std::string normalize(std::string_view absolute_path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= absolute_path.size()) {
        std::size_t end = absolute_path.find('/', start);
        if (end == std::string_view::npos) end = absolute_path.size();
        const std::string_view part = absolute_path.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string normalized;
    for (const auto part : parts) {
        normalized += '/';
        normalized += part;
    }
    return normalized.empty() ? "/" : normalized;
}

std::string absolute(std::string_view path, std::string_view cwd) {
    if (!path.empty() && path.front() == '/') return normalize(path);
    return normalize(std::string(cwd) + "/" + std::string(path));
}

std::string parent_directory(std::string_view normal_path) {
    const auto slash = normal_path.rfind('/');
    return slash == 0 || slash == std::string_view::npos ? "/" : std::string(normal_path.substr(0, slash));
}

std::string last_component(std::string_view path) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos || path == "/" ? path : path.substr(slash + 1));
}

void add_outermost(std::vector<std::string>& paths, std::vector<std::string> candidates) {
    std::sort(candidates.begin(), candidates.end());
    std::vector<std::string> existing = paths;
    for (const auto& candidate : candidates) {
        const auto covers = [&](const std::string& outer) { return is_within(candidate, outer); };
        if (std::any_of(existing.begin(), existing.end(), covers)) continue;
        paths.push_back(candidate);
        existing.push_back(candidate);
    }
}

}  // namespace isotest::paths
