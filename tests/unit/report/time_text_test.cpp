#include "report/time_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace isotest::report {
namespace {

TEST(TimeText, SecondsHaveExactlyThreeDecimals) {
    EXPECT_EQ(format_seconds(0), "0.000");
    EXPECT_EQ(format_seconds(0.0004), "0.000");
    EXPECT_EQ(format_seconds(0.0016), "0.002");
    EXPECT_EQ(format_seconds(1.5), "1.500");
    EXPECT_EQ(format_seconds(59.9996), "60.000");
    EXPECT_EQ(format_seconds(1234567.891), "1234567.891");
    EXPECT_EQ(format_seconds(1e-9), "0.000");
    EXPECT_EQ(format_seconds(-1), "0.000");
    EXPECT_EQ(format_seconds(std::nan("")), "0.000");
    EXPECT_EQ(format_seconds(std::numeric_limits<double>::infinity()), "0.000");
}

TEST(TimeText, ParsesWhatProducersWrite) {
    EXPECT_EQ(parse_seconds("1.5"), 1.5);
    EXPECT_EQ(parse_seconds("0.00353588"), 0.00353588);
    EXPECT_EQ(parse_seconds("1e-05"), 1e-05);
    EXPECT_EQ(parse_seconds("1,234.5"), 1234.5);
    EXPECT_EQ(parse_seconds("0"), 0.0);
    EXPECT_FALSE(parse_seconds(""));
    EXPECT_FALSE(parse_seconds("fast"));
    EXPECT_FALSE(parse_seconds("1.5s"));
    EXPECT_FALSE(parse_seconds("-1"));
    EXPECT_FALSE(parse_seconds("inf"));
}

TEST(TimeText, UtcTimestampWithoutZone) {
    using std::chrono::seconds;
    using std::chrono::system_clock;
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(seconds(0))), "1970-01-01T00:00:00");
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(seconds(1700000000))), "2023-11-14T22:13:20");
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(seconds(1709251199))), "2024-02-29T23:59:59");
    // Fractions of a second are cut, not rounded; before 1970 counts backwards correctly.
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(std::chrono::milliseconds(1700000000999))),
              "2023-11-14T22:13:20");
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(seconds(-1))), "1969-12-31T23:59:59");
    EXPECT_EQ(format_utc_timestamp(system_clock::time_point(seconds(4107542400))), "2100-03-01T00:00:00");
}

TEST(TimeText, NormalisesProducerTimestamps) {
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14.626"), "2026-11-29T02:23:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29 02:23:14"), "2026-11-29T02:23:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14+00:00"), "2026-11-29T02:23:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14.5+05:30"), "2026-11-28T20:53:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29T22:23:14-0330"), "2026-11-30T01:53:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14z"), "2026-11-29T02:23:14");
    EXPECT_EQ(normalize_timestamp("2026-11-29"), "");
    EXPECT_EQ(normalize_timestamp("2026-13-29T02:23:14"), "");
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14 PST"), "");
    EXPECT_EQ(normalize_timestamp("2026-11-29T02:23:14+5"), "");
    EXPECT_EQ(normalize_timestamp(""), "");
}

}  // namespace
}  // namespace isotest::report
