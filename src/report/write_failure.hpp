// The one-line error every step of writing a report throws:
// "cannot write PATH: STEP: errno text[; fix: FIX]".
#pragma once

#include <string>

namespace isotest::report {

[[noreturn]] void fail_to_write(const std::string& path, const std::string& step, int error_number,
                                const std::string& fix = "");

// The fix for a directory the report cannot be made in ("" when errno suggests none).
std::string fix_for_directory(int error_number, const std::string& directory);

}  // namespace isotest::report
