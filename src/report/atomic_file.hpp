// Replaces a file so that readers see either the old content or all of the new: a temp file
// in the same directory (mkostemp), write, rename. Missing parent directories are created. The
// file gets mode 0644. No fsync: a test report needs atomicity for its readers, not survival of
// a power cut, and fsync costs milliseconds per test on a busy disk.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace isotest::report {

// Throws isotest::Error, one line: "cannot write PATH: STEP WHERE: errno text".
void write_file_atomically(const std::string& path, std::string_view content);

// The same, with the content streamed into the temporary file by `write_content`, so a large
// report is never held in memory whole. Write errors on the stream are reported as for the above.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content);

}  // namespace isotest::report
