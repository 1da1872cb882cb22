#include "cli/option_values.hpp"

#include <cctype>
#include <charconv>
#include <optional>

#include "isotest/error.hpp"

namespace isotest::cli {

namespace {

// `text` for a one-line message: control characters as \xNN, cut short after 80 characters.
std::string shown(const std::string& text) {
    std::string result;
    for (const char c : text.substr(0, 80)) {
        if (std::iscntrl(static_cast<unsigned char>(c))) {
            constexpr const char* kHex = "0123456789abcdef";
            result += {'\\', 'x', kHex[static_cast<unsigned char>(c) >> 4], kHex[c & 0xf]};
        } else {
            result += c;
        }
    }
    return text.size() > 80 ? result + "..." : result;
}

// The largest suffix that states `bytes` exactly: 1048576 → "1M".
std::string size_text(std::uint64_t bytes) {
    for (const auto& [shift, suffix] : {std::pair{30, "G"}, std::pair{20, "M"}, std::pair{10, "K"}}) {
        if (bytes != 0 && bytes % (1ull << shift) == 0) return std::to_string(bytes >> shift) + suffix;
    }
    return std::to_string(bytes);
}

// A size in bytes; nullopt where it does not fit 64 bits. Throws on a malformed size.
std::optional<std::uint64_t> size_in_bytes(const std::string& text, const std::string& option) {
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    const std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
    std::uint64_t multiplier = 0;
    if (suffix.empty()) multiplier = 1;
    else if (suffix == "k" || suffix == "K") multiplier = 1ull << 10;
    else if (suffix == "m" || suffix == "M") multiplier = 1ull << 20;
    else if (suffix == "g" || suffix == "G") multiplier = 1ull << 30;
    if (end == text.data() || multiplier == 0) {
        throw Error(option + " takes a size like 4096, 64K, 512M or 1G, not '" + shown(text) + "'");
    }
    if (error == std::errc::result_out_of_range || number > UINT64_MAX / multiplier) return std::nullopt;
    return number * multiplier;
}

bool is_label_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& option) {
    const std::optional<std::uint64_t> bytes = size_in_bytes(text, option);
    if (!bytes) throw Error(option + " is too large: " + shown(text));
    return *bytes;
}

std::uint64_t parse_bounded(const std::string& text, const std::string& option, const ValueRange& range) {
    std::optional<std::uint64_t> value;
    if (range.size) {
        value = size_in_bytes(text, option);
    } else {
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) throw Error(option + " takes a whole number, not '" + shown(text) + "'");
        std::uint64_t number = 0;
        if (std::from_chars(text.data(), text.data() + text.size(), number).ec == std::errc{}) value = number;
    }
    if (!value || *value < range.least || *value > range.most) {
        const auto bound = [&](std::uint64_t limit) { return range.size ? size_text(limit) : std::to_string(limit); };
        std::string message = option + " must be " + (range.size ? "a size" : "a whole number") + " from " +
                              bound(range.least) + " to " + bound(range.most) + ", not '" + shown(text) + "'";
        if (value == 0u) message += " (leave it out for the default)";
        throw Error(message);
    }
    return *value;
}

void check_host_name(const std::string& name) {
    const auto refuse = [&](const std::string& why) {
        throw Error("--hostname must be a host name (letters, digits, hyphens and dots, at most 64 characters): '" +
                    shown(name) + "' " + why);
    };
    if (name.empty()) refuse("is empty");
    if (name.size() > 64) refuse("is longer than 64 characters");
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = name.find('.', start);
        const std::string_view label =
            std::string_view(name).substr(start, dot == std::string::npos ? dot : dot - start);
        if (label.empty()) refuse("has an empty label (a leading, trailing or double dot)");
        if (label.size() > 63) refuse("has a label longer than 63 characters");
        for (const char c : label) {
            if (!is_label_character(c)) refuse("holds a character other than a letter, digit, hyphen or dot");
        }
        if (label.front() == '-' || label.back() == '-') refuse("has a label that starts or ends with a hyphen");
        if (dot == std::string::npos) return;
        start = dot + 1;
    }
}

}  // namespace isotest::cli
