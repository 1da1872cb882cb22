// Lexical path arithmetic every layer shares (no file system access): the options resolve
// paths with it, the mount plan compares them, the Bazel environment and the report name them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isotest::paths {

// `path` equals `prefix` or lies below it ("/a/b" is within "/a", "/ab" is not).
bool is_within(std::string_view path, std::string_view prefix);

// Lexically normalised absolute path: no ".", "..", "//" or trailing "/".
std::string normalize(std::string_view absolute_path);

// `path` made absolute against `cwd` (when relative) and normalised.
std::string absolute(std::string_view path, std::string_view cwd);

// The directory a normalised absolute path lies in ("/" for "/" and "/a").
std::string parent_directory(std::string_view normal_path);

// The last component, trailing '/' ignored ("a/b/" -> "b", "/" -> "/"); "" for "".
std::string last_component(std::string_view path);

// Adds `candidates` to `paths` (all normalised absolute paths), skipping any equal to or inside
// a path already there or inside another candidate: one bind of the outermost directory
// covers the rest.
void add_outermost(std::vector<std::string>& paths, std::vector<std::string> candidates);

}  // namespace isotest::paths
