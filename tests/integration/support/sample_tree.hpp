// A small source-tree-like directory (nested dirs, text, binary, executable, read-only file,
// symlink) that tests write into and then compare against a snapshot.
#pragma once

#include <filesystem>
#include <string>

namespace itest {

void populate_sample_tree(const std::filesystem::path& root);

// sh commands that change everything about the sample tree in DIR (create, append, delete,
// rename, chmod, mkdir, re-link, touch) and then print what was written. Stops at the first
// failure (set -e).
std::string script_modifying_sample_tree(const std::string& dir);
// What that script prints when every write succeeded.
inline constexpr const char* sample_tree_script_output = "new file\nreadme\nappended\ndeep\n";

}  // namespace itest
