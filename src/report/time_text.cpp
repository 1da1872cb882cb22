#include "report/time_text.hpp"

#include <charconv>
#include <cmath>
#include <ctime>

namespace isotest::report {
namespace {

void append_padded(std::string& out, long long value, int width) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    for (int pad = width - static_cast<int>(result.ptr - digits); pad > 0; --pad) out += '0';
    out.append(digits, result.ptr);
}

std::optional<int> parse_digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::string format_broken_down(const std::tm& tm) {
    std::string out;
    append_padded(out, tm.tm_year + 1900LL, 4);
    out += '-';
    append_padded(out, tm.tm_mon + 1, 2);
    out += '-';
    append_padded(out, tm.tm_mday, 2);
    out += 'T';
    append_padded(out, tm.tm_hour, 2);
    out += ':';
    append_padded(out, tm.tm_min, 2);
    out += ':';
    append_padded(out, tm.tm_sec, 2);
    return out;
}

}  // namespace

std::string format_seconds(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    const long long millis = std::llround(seconds * 1000.0);
    std::string out;
    append_padded(out, millis / 1000, 1);
    out += '.';
    append_padded(out, millis % 1000, 3);
    return out;
}

std::optional<double> parse_seconds(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (c != ',' && c != ' ') digits += c;
    }
    if (digits.empty()) return std::nullopt;
    double value = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc{} || result.ptr != digits.data() + digits.size()) return std::nullopt;
    if (!std::isfinite(value) || value < 0) return std::nullopt;
    return value;
}

// With the calendar arithmetic of <chrono> rather than gmtime_r: glibc's gmtime_r loads the
// time zone (/etc/localtime, five system calls) on first use, for nothing in UTC.
std::string format_utc_timestamp(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto seconds = floor<std::chrono::seconds>(when);
    const auto day = floor<days>(seconds);
    const year_month_day date(day);
    const hh_mm_ss time_of_day(seconds - day);
    std::tm tm{};
    tm.tm_year = static_cast<int>(date.year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
    tm.tm_hour = static_cast<int>(time_of_day.hours().count());
    tm.tm_min = static_cast<int>(time_of_day.minutes().count());
    tm.tm_sec = static_cast<int>(time_of_day.seconds().count());
    return format_broken_down(tm);
}

std::string normalize_timestamp(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS, with 'T' or a space between date and time.
    const auto year = parse_digits(text, 0, 4), month = parse_digits(text, 5, 2),
               day = parse_digits(text, 8, 2), hour = parse_digits(text, 11, 2),
               minute = parse_digits(text, 14, 2), second = parse_digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return {};
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
        text[13] != ':' || text[16] != ':') {
        return {};
    }
    if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
        *second > 60) {
        return {};
    }
    std::size_t at = 19;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
    std::tm tm{};
    tm.tm_year = *year - 1900;
    tm.tm_mon = *month - 1;
    tm.tm_mday = *day;
    tm.tm_hour = *hour;
    tm.tm_min = *minute;
    tm.tm_sec = *second;
    std::string_view zone = text.substr(at);
    if (zone.empty()) return format_broken_down(tm);
    long offset_seconds = 0;
    if (zone == "Z" || zone == "z") {
        offset_seconds = 0;
    } else if (zone[0] == '+' || zone[0] == '-') {
        const auto zone_hours = parse_digits(zone, 1, 2);
        const bool colon = zone.size() == 6 && zone[3] == ':';
        const auto zone_minutes = parse_digits(zone, colon ? 4 : 3, 2);
        if (!zone_hours || !zone_minutes || zone.size() != (colon ? 6u : 5u)) return {};
        offset_seconds = (*zone_hours * 60L + *zone_minutes) * 60L;
        if (zone[0] == '-') offset_seconds = -offset_seconds;
    } else {
        return {};
    }
    const std::time_t utc = timegm(&tm) - offset_seconds;
    std::tm normalized{};
    if (gmtime_r(&utc, &normalized) == nullptr) return {};
    return format_broken_down(normalized);
}

}  // namespace isotest::report
