// The id maps isotest reads (/proc/self/uid_map) and writes for the sandbox when run as root.
#include <gtest/gtest.h>

#include "sandbox/user.hpp"

using namespace isotest::user;

TEST(IdMap, ParsesTheKernelsColumns) {
    const auto ranges = parse_id_map("         0          0 4294967295\n      1000     100000      65536\n");
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0].inside, 0u);
    EXPECT_EQ(ranges[0].outside, 0u);
    EXPECT_EQ(ranges[0].count, 4294967295ul);
    EXPECT_EQ(ranges[1].inside, 1000u);
    EXPECT_EQ(ranges[1].outside, 100000u);
    EXPECT_EQ(ranges[1].count, 65536u);
}

TEST(IdMap, SkipsMalformedLines) {
    const auto ranges = parse_id_map("0 0\nx 1 2\n5 6 7 8\n\n3 4 5");
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(ranges[0].inside, 3u);
    EXPECT_EQ(ranges[0].count, 5u);
    EXPECT_TRUE(parse_id_map("").empty());
}

TEST(IdMap, IdentityMapsEveryRangeOntoItself) {
    EXPECT_EQ(identity_map(parse_id_map("0 1000 1\n1 100000 65536\n")), "0 0 1\n1 1 65536\n");
    EXPECT_EQ(identity_map({}), "");
}

TEST(IdMap, EveryIdMappedOnlyForTheFullRangeFromZero) {
    EXPECT_TRUE(maps_every_id(parse_id_map("0 0 4294967295\n")));
    EXPECT_FALSE(maps_every_id(parse_id_map("0 0 1\n")));           // Bazel's linux-sandbox
    EXPECT_FALSE(maps_every_id(parse_id_map("0 1000 4294967294\n")));
    EXPECT_FALSE(maps_every_id({}));
}
