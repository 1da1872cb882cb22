#include "sandbox/channel.hpp"

#include <gtest/gtest.h>

using namespace isotest::channel;

TEST(Channel, RecordsRoundTripThroughAStream) {
    std::string stream = encode(RecordType::step, "mount\t0.5") + encode(RecordType::own_xml, std::string(100000, 'x')) +
                         encode(RecordType::written_total, "");
    auto first = take_record(stream);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->type, RecordType::step);
    EXPECT_EQ(first->payload, "mount\t0.5");
    auto second = take_record(stream);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->payload.size(), 100000u);
    auto third = take_record(stream);
    ASSERT_TRUE(third);
    EXPECT_EQ(third->type, RecordType::written_total);
    EXPECT_TRUE(third->payload.empty());
    EXPECT_FALSE(take_record(stream));
}

TEST(Channel, IncompleteRecordWaitsForMoreBytes) {
    const std::string whole = encode(RecordType::error, "125\tmount failed");
    std::string stream = whole.substr(0, 7);
    EXPECT_FALSE(take_record(stream));
    stream += whole.substr(7);
    auto record = take_record(stream);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->payload, "125\tmount failed");
}
