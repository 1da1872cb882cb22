// The kernel's line-oriented text (/proc/self/mountinfo, /proc/self/uid_map) split by hand: the
// first std::istringstream of a process costs ~50 us of locale setup, on the launch path.
#pragma once

#include <string_view>

namespace isotest::text_fields {

// The next line of `text`, without its newline; consumed from `text`.
inline std::string_view take_line(std::string_view& text) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    return line;
}

// The next field of `line`, fields being separated by spaces or tabs; consumed from `line`.
// Empty once there is none left.
inline std::string_view take_field(std::string_view& line) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t");
    const std::string_view field = line.substr(0, end);
    line = end == std::string_view::npos ? std::string_view() : line.substr(end);
    return field;
}

}  // namespace isotest::text_fields
