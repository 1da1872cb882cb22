#include "sandbox/attempt_log.hpp"

#include <gtest/gtest.h>

using namespace isotest;

namespace {
packets::Attempt tcp(std::uint16_t port) { return {packets::Protocol::tcp, "192.0.2.1", port, ""}; }
}  // namespace

TEST(AttemptLog, CountsRepeatsAndKeepsTheFirstTime) {
    attempt_log::Log log;
    EXPECT_EQ(log.add(tcp(80), 0.5), attempt_log::Seen::first);
    EXPECT_EQ(log.add(tcp(80), 0.7), attempt_log::Seen::again);
    EXPECT_EQ(log.add({packets::Protocol::dns, "169.254.0.53", 53, "example.org"}, 0.9), attempt_log::Seen::first);
    EXPECT_EQ(log.add({packets::Protocol::dns, "169.254.0.53", 53, "foo.invalid"}, 1.0), attempt_log::Seen::first);
    ASSERT_EQ(log.entries().size(), 3u);
    EXPECT_EQ(log.entries()[0].count, 2u);
    EXPECT_EQ(log.entries()[0].first_seconds, 0.5);
    EXPECT_EQ(log.unlisted(), 0u);
}

// Past the cap only a count grows, whatever the test tries; what is listed is still counted.
TEST(AttemptLog, StaysBoundedPastTheCap) {
    attempt_log::Log log(3);
    for (std::uint16_t port = 1; port <= 1000; ++port) log.add(tcp(port), port);
    EXPECT_EQ(log.add(tcp(2), 0), attempt_log::Seen::again);
    ASSERT_EQ(log.entries().size(), 3u);
    EXPECT_EQ(log.entries()[1].count, 2u);
    EXPECT_EQ(log.unlisted(), 997u);
    EXPECT_EQ(attempt_log::Log().add(tcp(1), 0), attempt_log::Seen::first);
    EXPECT_EQ(attempt_log::kListed, 100u);
}
