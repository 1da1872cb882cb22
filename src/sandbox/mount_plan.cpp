#include "sandbox/mount_plan.hpp"

#include <algorithm>

#include "isotest/paths.hpp"
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

bool has_mount_below(std::string_view dir, const std::vector<std::string>& mount_points) {
    return std::any_of(mount_points.begin(), mount_points.end(), [&](const std::string& mount_point) {
        return mount_point != dir && paths::is_within(mount_point, dir);
    });
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

namespace {

// A path of the plan on its way through extra_mounts(); `fresh` stands for /tmp and /dev/shm,
// which are fresh mounts of the sandbox itself and are not planned here.
struct Candidate {
    enum class Kind { fresh, tmpfs, bind_rw, keep_everywhere, keep } kind;  // in mount order at one path
    std::string path;
};

// Paths in depth-first order: '/' before any other character, so that everything below a
// path follows it directly ("/a", "/a/b", "/a-b"), and at one path in mount order.
bool depth_first(const Candidate& a, const Candidate& b) {
    const auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
    const auto mismatch = std::mismatch(a.path.begin(), a.path.end(), b.path.begin(), b.path.end());
    if (mismatch.first != a.path.end() || mismatch.second != b.path.end()) {
        if (mismatch.first == a.path.end()) return true;
        if (mismatch.second == b.path.end()) return false;
        return rank(*mismatch.first) < rank(*mismatch.second);
    }
    return a.kind < b.kind;
}

// A planned mount and whether a fresh tmpfs (/tmp, /dev/shm, --tmpfs) is at or above it.
struct Planned {
    const Candidate* candidate;
    bool fresh_at_or_above;
};

}  // namespace

std::vector<ExtraMount> extra_mounts(const std::vector<std::string>& tmpfs_paths,
                                     const std::vector<std::string>& rw_paths,
                                     const std::vector<std::string>& keep_paths,
                                     const std::vector<std::string>& keep_everywhere_paths) {
    using Kind = Candidate::Kind;
    std::vector<Candidate> candidates;
    candidates.reserve(tmpfs_paths.size() + rw_paths.size() + keep_paths.size() + keep_everywhere_paths.size() + 2);
    for (const char* path : {"/tmp", "/dev/shm"}) candidates.push_back({Kind::fresh, path});
    const auto add = [&](const std::vector<std::string>& paths, Kind kind) {
        for (const auto& path : paths) candidates.push_back({kind, path});
    };
    add(tmpfs_paths, Kind::tmpfs);
    add(rw_paths, Kind::bind_rw);
    add(keep_everywhere_paths, Kind::keep_everywhere);
    add(keep_paths, Kind::keep);
    std::sort(candidates.begin(), candidates.end(), depth_first);

    // One pass, holding the planned mounts that enclose the current path: each candidate is
    // decided by the nearest mount at or above it (n log n for the sort, linear after it;
    // thousands of --rw or --keep options must not cost seconds).
    std::vector<ExtraMount> mounts;
    std::vector<Planned> enclosing;
    for (const Candidate& candidate : candidates) {
        const std::string& path = candidate.path;
        while (!enclosing.empty() && !paths::is_within(path, enclosing.back().candidate->path)) enclosing.pop_back();
        const Candidate* nearest = enclosing.empty() ? nullptr : enclosing.back().candidate;
        const auto nearest_is = [&](Kind kind) { return nearest && nearest->kind == kind; };
        const bool at_nearest = nearest && nearest->path == path;
        bool wanted = true;
        switch (candidate.kind) {
            case Kind::fresh:
                break;
            case Kind::tmpfs:
                wanted = !(nearest_is(Kind::tmpfs) && at_nearest);  // the same --tmpfs twice
                break;
            case Kind::bind_rw:
                wanted = !nearest_is(Kind::bind_rw);  // shown already by the recursive bind above
                break;
            case Kind::keep_everywhere:
            case Kind::keep: {
                const bool everywhere = candidate.kind == Kind::keep_everywhere;
                // Strictly below a fresh tmpfs: a cwd of /tmp itself is simply the fresh /tmp.
                auto outer = enclosing.rbegin();
                while (outer != enclosing.rend() && outer->candidate->path == path) ++outer;
                const bool hidden = outer != enclosing.rend() && outer->fresh_at_or_above;
                const bool replaced = std::any_of(replaced_paths().begin(), replaced_paths().end(),
                                                  [&](const std::string& tree) { return paths::is_within(path, tree); });
                // Shown by a --rw bind above it; collapsed into a kept path above it (unless it is
                // to be an overlay root of its own).
                const bool kept_above = nearest_is(Kind::keep) || nearest_is(Kind::keep_everywhere);
                wanted = (hidden || (everywhere && path != "/" && !replaced)) && !nearest_is(Kind::bind_rw) &&
                         !(kept_above && (at_nearest || !everywhere));
                break;
            }
        }
        if (!wanted) continue;
        const bool fresh = candidate.kind == Kind::fresh || candidate.kind == Kind::tmpfs;
        enclosing.push_back({&candidate, fresh || (!enclosing.empty() && enclosing.back().fresh_at_or_above)});
        switch (candidate.kind) {
            case Kind::fresh: break;
            case Kind::tmpfs: mounts.push_back({ExtraMount::Kind::tmpfs, path}); break;
            case Kind::bind_rw: mounts.push_back({ExtraMount::Kind::bind_rw, path}); break;
            case Kind::keep_everywhere:
            case Kind::keep: mounts.push_back({ExtraMount::Kind::keep, path}); break;
        }
    }
    return mounts;
}

std::optional<std::uint64_t> own_shm_size(std::optional<std::uint64_t> shm_size, std::optional<std::uint64_t> tmpfs_size,
                                          std::optional<std::uint64_t> host_shm_bytes, std::uint64_t scratch_bytes) {
    if (shm_size) return shm_size;
    if (tmpfs_size || !host_shm_bytes || *host_shm_bytes == scratch_bytes) return std::nullopt;
    return host_shm_bytes;
}

}  // namespace isotest::mount_plan
