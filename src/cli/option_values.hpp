// The values isotest's size, count and name options may take. Each range keeps a value from
// meaning something other than it says on its way to the kernel: a tmpfs of size 0 has no
// limit, 2^64-1 is RLIM_INFINITY, a size near 2^64 wraps round to "no limit" when the kernel
// rounds it up to pages, pids.max refuses more than PID_MAX_LIMIT, and a hostname is what the
// test's tools print, parse and put in URLs.
#pragma once

#include <cstdint>
#include <string>

#include "isotest/report_limits.hpp"

namespace isotest::cli {

struct ValueRange {
    std::uint64_t least;
    std::uint64_t most;
    bool size;  // takes a K, M or G suffix; else a plain whole number
};

namespace ranges {
// One mebibyte to one pebibyte: below, setup and exec have no room; above, no machine has the
// memory and the kernel's page arithmetic nears its end.
inline constexpr ValueRange tmpfs_size{1ull << 20, 1ull << 50, true};
inline constexpr ValueRange memory{1ull << 20, 1ull << 50, true};
inline constexpr ValueRange max_procs{1, 4194304, false};        // PID_MAX_LIMIT, pids.max's ceiling
inline constexpr ValueRange max_files{1, 2147483584, false};     // the kernel's ceiling of fs.nr_open
// Cleaned, a stream's text can grow fourfold ("\xff"): past this, <system-out> would be a text
// node libxml2 refuses to read.
inline constexpr ValueRange max_report_output{0, limits::kMaxReportOutputBytes, true};
}  // namespace ranges

// "1G", "512M", "64k", "4096" → bytes. Throws isotest::Error naming `option`.
std::uint64_t parse_size(const std::string& text, const std::string& option);

// A size or whole number (as range.size says) within `range`; else a one-line isotest::Error
// naming the option and the range.
std::uint64_t parse_bounded(const std::string& text, const std::string& option, const ValueRange& range);

// An RFC 1123 host name that fits the kernel's 64 characters: dot-separated labels of 1 to 63
// letters, digits and hyphens, none starting or ending with a hyphen. Throws isotest::Error.
void check_host_name(const std::string& name);

}  // namespace isotest::cli
