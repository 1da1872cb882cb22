// Everything observable about a directory tree (names, types, modes, owners, mtimes, bytes,
// link targets), so a test can prove the host is byte-for-byte unchanged after a run.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace itest {

struct TreeEntry {
    std::string type;  // "file", "dir", "symlink", "other"
    unsigned mode = 0;
    unsigned uid = 0;
    unsigned gid = 0;
    long long mtime_ns = 0;
    std::string content;  // file bytes or symlink target
    bool operator==(const TreeEntry&) const = default;
};

using TreeSnapshot = std::map<std::string, TreeEntry>;  // relative path ("." = root) -> entry

TreeSnapshot snapshot_tree(const std::filesystem::path& root);
// Human-readable list of differences; empty when equal.
std::string describe_differences(const TreeSnapshot& before, const TreeSnapshot& after);

}  // namespace itest
