// Finds the test's executable the way execvp would, before any namespace exists, so "not
// found" (127) and "not executable" (126) are answered at once and with a clear message.
#pragma once

#include <string>

namespace isotest::cli {

// `name` with a '/' is taken relative to `cwd`; otherwise searched in `search_path`
// (colon-separated, empty entries meaning the cwd). Returns an absolute path.
// Throws isotest::Error with exit status 127 or 126.
std::string find_executable(const std::string& name, const std::string& cwd, const std::string& search_path);

}  // namespace isotest::cli
