// Times and timestamps as JUnit wants them, independent of the C/C++ locale.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace isotest::report {

// Seconds with exactly three decimals ("1.234"); negative or non-finite values give "0.000".
std::string format_seconds(double seconds);

// Parses a time attribute as producers write it: "1.5", "0.00123", "1e-05", "1,234.5"
// (Surefire's thousands separators). nullopt if it is not a non-negative finite number.
std::optional<double> parse_seconds(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS" in UTC, no zone (the form both JUnit schemas accept).
std::string format_utc_timestamp(std::chrono::system_clock::time_point when);

// A producer's timestamp in our form: fractions are dropped, an explicit zone ("Z",
// "+02:00", "-0500") is converted to UTC, a zoneless one is kept as it is (its zone is
// unknown). Empty if the text is not an ISO 8601 date-time.
std::string normalize_timestamp(std::string_view text);

}  // namespace isotest::report
