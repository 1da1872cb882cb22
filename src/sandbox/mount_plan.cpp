#include "sandbox/mount_plan.hpp"

#include <algorithm>

#include "sandbox/text_fields.hpp"

namespace isotest::mount_plan {

namespace {
std::string decode_octal_escapes(std::string_view field) {
    std::string decoded;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() &&
            field.substr(i + 1, 3).find_first_not_of("01234567") == std::string_view::npos) {
            decoded.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                                (field[i + 3] - '0')));
            i += 3;
        } else {
            decoded.push_back(field[i]);
        }
    }
    return decoded;
}
}  // namespace

std::vector<std::string> parse_mount_points(std::string_view mountinfo) {
    std::vector<std::string> mount_points;
    while (!mountinfo.empty()) {
        std::string_view line = text_fields::take_line(mountinfo);
        // "ID PARENT MAJ:MIN ROOT MOUNT_POINT ...": the fifth field (blanks in it are escaped).
        std::string_view field;
        for (int index = 0; index < 5; ++index) field = text_fields::take_field(line);
        if (!field.empty()) mount_points.push_back(decode_octal_escapes(field));
    }
    return mount_points;
}

bool is_within(std::string_view path, std::string_view prefix) {
    if (prefix == "/") return !path.empty() && path.front() == '/';
    return path.size() >= prefix.size() && path.substr(0, prefix.size()) == prefix &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool has_mount_below(std::string_view dir, const std::vector<std::string>& mount_points) {
    return std::any_of(mount_points.begin(), mount_points.end(), [&](const std::string& mount_point) {
        return mount_point != dir && is_within(mount_point, dir);
    });
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

std::string escape_overlay_path(std::string_view path) {
    std::string escaped;
    for (const char c : path) {
        if (c == ':' || c == ',' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
    }
    return escaped;
}

unsigned effective_mode(unsigned host_mode, bool invoker_is_owner, unsigned invoker_rights) {
    if (invoker_is_owner) return host_mode & 07777;
    const unsigned rights = invoker_rights & 07;
    return (host_mode & 07000) | rights << 6 | rights << 3 | rights;
}

const std::vector<std::string>& replaced_paths() {
    static const std::vector<std::string> paths{"/dev", "/proc", "/sys", "/tmp"};
    return paths;
}

std::vector<ExtraMount> extra_mounts(const std::vector<std::string>& tmpfs_paths,
                                     const std::vector<std::string>& rw_paths,
                                     const std::vector<std::string>& keep_paths,
                                     const std::vector<std::string>& keep_everywhere_paths) {
    std::vector<ExtraMount> mounts;
    for (const auto& path : tmpfs_paths) mounts.push_back({ExtraMount::Kind::tmpfs, normalize(path)});
    for (const auto& path : rw_paths) mounts.push_back({ExtraMount::Kind::bind_rw, normalize(path)});

    std::vector<std::string> fresh{"/tmp", "/dev/shm"};
    for (const auto& path : tmpfs_paths) fresh.push_back(normalize(path));
    std::vector<std::pair<std::string, bool>> candidates;  // path, shown everywhere
    for (const auto& path : keep_paths) candidates.emplace_back(path, false);
    for (const auto& path : keep_everywhere_paths) candidates.emplace_back(path, true);
    std::vector<std::pair<std::string, bool>> keeps;  // path, shown everywhere
    for (const auto& [raw, keep_everywhere] : candidates) {
        const std::string path = normalize(raw);
        // Strictly below: a cwd of /tmp itself is simply the fresh /tmp.
        const auto within = [&](const std::string& outer) { return path != outer && is_within(path, outer); };
        const bool hidden = std::any_of(fresh.begin(), fresh.end(), within);
        const bool replaced = std::any_of(replaced_paths().begin(), replaced_paths().end(),
                                          [&](const std::string& outer) { return is_within(path, outer); });
        if (!hidden && !(keep_everywhere && path != "/" && !replaced)) continue;
        if (std::any_of(rw_paths.begin(), rw_paths.end(),
                        [&](const std::string& rw) { return is_within(path, normalize(rw)); })) {
            continue;
        }
        keeps.emplace_back(path, keep_everywhere);
    }
    // Parents first, and at one path the everywhere kind first: a nested keep path is seen
    // through its outer one and collapses into it, but a nested everywhere path still gets a
    // view of its own: it must be an overlay root (a write below it would otherwise copy up the
    // directories between the two).
    std::sort(keeps.begin(), keeps.end(),
              [](const auto& a, const auto& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    for (std::size_t i = 0; i < keeps.size(); ++i) {
        // Named, not a structured binding: clang before 16 cannot capture one in a lambda.
        const std::string& path = keeps[i].first;
        const bool keep_everywhere = keeps[i].second;
        const bool covered = std::any_of(keeps.begin(), keeps.begin() + static_cast<long>(i), [&](const auto& outer) {
            return outer.first == path || (!keep_everywhere && is_within(path, outer.first));
        });
        if (!covered) mounts.push_back({ExtraMount::Kind::keep, path});
    }
    // Parents first; at equal paths a tmpfs goes under binds so the bind stays visible.
    std::stable_sort(mounts.begin(), mounts.end(), [](const ExtraMount& a, const ExtraMount& b) {
        if (a.path != b.path) return a.path < b.path;
        return a.kind == ExtraMount::Kind::tmpfs && b.kind != ExtraMount::Kind::tmpfs;
    });
    return mounts;
}

}  // namespace isotest::mount_plan
