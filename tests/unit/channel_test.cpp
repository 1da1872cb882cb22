#include "sandbox/channel.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

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

// The outbox holds records back until flush(), then hands them over in one write, in order.
TEST(Channel, OutboxSendsEverythingInOneWriteOnFlush) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC | O_NONBLOCK), 0);
    Outbox outbox(ends[1]);
    outbox.add(RecordType::step, "scratch\t0.2");
    outbox.add(RecordType::usage, "0.1\t0.2\t1024");
    outbox.add(RecordType::command_status, "0");
    char buffer[4096];
    EXPECT_EQ(::read(ends[0], buffer, sizeof buffer), -1) << "written before flush()";
    outbox.flush();
    const ssize_t length = ::read(ends[0], buffer, sizeof buffer);
    ASSERT_GT(length, 0);
    std::string stream(buffer, static_cast<std::size_t>(length));
    std::vector<RecordType> types;
    while (auto record = take_record(stream)) types.push_back(record->type);
    EXPECT_EQ(types, (std::vector<RecordType>{RecordType::step, RecordType::usage, RecordType::command_status}));
    EXPECT_TRUE(stream.empty());
    outbox.flush();  // nothing pending: nothing written
    EXPECT_EQ(::read(ends[0], buffer, sizeof buffer), -1);
    ::close(ends[0]);
    ::close(ends[1]);
}
