// Pure path logic behind the mount setup, kept apart so it is unit-testable without namespaces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isotest::mount_plan {

// Mount points (field 5) of /proc/self/mountinfo, with octal escapes (\040) decoded.
std::vector<std::string> parse_mount_points(std::string_view mountinfo);

// `path` equals `prefix` or lies below it ("/a/b" is within "/a", "/ab" is not).
bool is_within(std::string_view path, std::string_view prefix);

// Some mount point lies strictly below `dir`.
bool has_mount_below(std::string_view dir, const std::vector<std::string>& mount_points);

// Lexically normalised absolute path: no ".", "..", "//" or trailing "/".
std::string normalize(std::string_view absolute_path);

// overlayfs splits lowerdir on ':' and options on ','; a path carrying them must be escaped.
std::string escape_overlay_path(std::string_view path);

// Top-level paths the sandbox replaces instead of showing the host's.
const std::vector<std::string>& replaced_paths();

struct ExtraMount {
    enum class Kind { tmpfs, bind_rw, keep } kind;
    std::string path;
};

// The mounts that go on top of the host view, parents before children. Keep paths are only
// needed where a fresh tmpfs (/tmp, /dev/shm or a --tmpfs path) would hide them and no --rw
// path already shows them; nested keep paths collapse into the outermost.
std::vector<ExtraMount> extra_mounts(const std::vector<std::string>& tmpfs_paths,
                                     const std::vector<std::string>& rw_paths,
                                     const std::vector<std::string>& keep_paths);

}  // namespace isotest::mount_plan
