#include "sandbox/channel.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "isotest/report_limits.hpp"

using namespace isotest::channel;
using isotest::limits::kChannelRecordBytes;

namespace {

// A record's bytes from its parts, as another implementation would write them.
std::string frame(char type, std::string_view payload) {
    std::string bytes(1, type);
    const auto size = static_cast<std::uint32_t>(payload.size());
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>((size >> shift) & 0xff));
    return bytes.append(payload);
}

Record taken_record(std::string& stream) {
    auto taken = take(stream);
    if (!taken) ADD_FAILURE() << "no whole record";
    else if (const auto* garbled = std::get_if<Garbled>(&*taken)) ADD_FAILURE() << garbled->reason;
    else return std::get<Record>(std::move(*taken));
    return Note{"(none)"};
}

// Why `bytes` (one whole record, or its start) is no record; "" if it is one.
std::string garbled_reason(std::string bytes) {
    const std::size_t before = bytes.size();
    auto taken = take(bytes);
    if (!taken) return "(incomplete)";
    const auto* garbled = std::get_if<Garbled>(&*taken);
    if (!garbled) return "";
    EXPECT_EQ(bytes.size(), before) << "a garbled record must not be consumed";
    return garbled->reason;
}

const std::string kAwkward("tab\there, new\nline, NUL\0 and \xff bytes", 36);

}  // namespace

// Every record type, with awkward text and edge-of-range numbers, comes back as it went in.
TEST(Channel, EveryRecordTypeRoundTrips) {
    const std::vector<Record> records = {
        Step{"mount: overlay /usr", 0.5},
        Step{kAwkward + "\t1.5", 1e-9},  // a name ending like a number: the last tab is the number's
        Step{"", 0},
        Note{"namespace helper: done in 0.250 ms, in parallel"},
        Note{kAwkward},
        Error{125, "mount /newroot/proc: Operation not permitted"},
        Error{127, kAwkward},
        Error{1, ""},
        CommandStatus{0},
        CommandStatus{0xffff},
        CommandStatus{(3 << 8)},
        Usage{0.123456, 1.5, 2048},
        Usage{0, 0, 0},
        Usage{12345.000001, 1e6, std::numeric_limits<long>::max()},
        LeftoverProcess{"42 sleep"},
        LeftoverProcess{kAwkward},
        LeftoverTotal{0},
        LeftoverTotal{std::numeric_limits<std::size_t>::max()},
        WrittenFile{"/etc/" + kAwkward},
        WrittenTotal{101},
        OwnXml{std::string(isotest::limits::kOwnResultsFileBytes, 'x')},
        OwnXml{kAwkward},
        OwnXmlRefused{"a symbolic link"},
        KeptWrites{"kept in /tmp/k: 1 file (3 bytes)"},
        KeptWrites{kAwkward},
        NetworkAttempt{0, {isotest::packets::Protocol::tcp, "192.0.2.1", 80, ""}, 0.012, 1},
        NetworkAttempt{1, {isotest::packets::Protocol::udp, "2001:db8::1", 65535, ""}, 0, 7},
        NetworkAttempt{2, {isotest::packets::Protocol::icmp, "198.51.100.7", 0, ""}, 1e6, 1},
        NetworkAttempt{98, {isotest::packets::Protocol::dns, "169.254.0.53", 53, "foo.invalid"}, 0.5, 2},
        NetworkAttempt{99, {isotest::packets::Protocol::dns, "::ffff:192.0.2.1", 53, kAwkward}, 0.5,
                       std::numeric_limits<std::size_t>::max()},
        NetworkUnlisted{0},
        NetworkUnlisted{12345},
        NetworkUnrecorded{"open /dev/net/tun: No such file or directory"},
        NetworkUnrecorded{kAwkward},
    };
    std::string stream;
    for (const auto& record : records) stream += encode(record);
    for (const auto& record : records) {
        EXPECT_EQ(taken_record(stream), record) << "record #" << record.index();
    }
    EXPECT_TRUE(stream.empty());
    EXPECT_FALSE(take(stream));
}

// What the sandbox sends today, byte for byte, decodes as the types say.
TEST(Channel, DecodesTheWireFormat) {
    std::string stream = frame('S', "mount: /tmp\t0.25") + frame('E', "126\tcannot execute ./t: Permission denied") +
                         frame('U', "0.010000\t0.002000\t1024") + frame('R', "256") + frame('N', "3") +
                         frame('I', "fallback taken");
    EXPECT_EQ(taken_record(stream), Record(Step{"mount: /tmp", 0.25}));
    EXPECT_EQ(taken_record(stream), Record(Error{126, "cannot execute ./t: Permission denied"}));
    EXPECT_EQ(taken_record(stream), Record(Usage{0.01, 0.002, 1024}));
    EXPECT_EQ(taken_record(stream), Record(CommandStatus{256}));
    EXPECT_EQ(taken_record(stream), Record(WrittenTotal{3}));
    EXPECT_EQ(taken_record(stream), Record(Note{"fallback taken"}));
}

TEST(Channel, IncompleteRecordWaitsForMoreBytes) {
    const std::string whole = encode(Error{125, "mount failed"});
    for (std::size_t cut = 0; cut < whole.size(); ++cut) {
        std::string stream = whole.substr(0, cut);
        EXPECT_FALSE(take(stream)) << "cut at " << cut;
        EXPECT_EQ(stream.size(), cut);
    }
    std::string stream = whole.substr(0, 7);
    stream += whole.substr(7);
    EXPECT_EQ(taken_record(stream), Record(Error{125, "mount failed"}));
}

TEST(Channel, UnknownTypeIsGarbledWithoutWaitingForItsLength) {
    EXPECT_EQ(garbled_reason("Z"), "unknown record type \"Z\"");
    EXPECT_EQ(garbled_reason(frame('\0', "0")), "unknown record type \"\\x00\"");
    EXPECT_EQ(garbled_reason(frame('s', "mount\t1")), "unknown record type \"s\"");
}

// A length over the cap is refused from the header alone: nothing is buffered or allocated.
TEST(Channel, OverlongRecordIsGarbledFromItsHeader) {
    std::string header = frame('X', "").substr(0, 1);
    for (const std::uint32_t size : {static_cast<std::uint32_t>(kChannelRecordBytes + 1), 0xffffffffu}) {
        std::string bytes = header;
        for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>((size >> shift) & 0xff));
        EXPECT_EQ(garbled_reason(bytes), "a record of " + std::to_string(size) + " bytes, over the cap of " +
                                             std::to_string(kChannelRecordBytes));
    }
    EXPECT_EQ(garbled_reason(frame('X', std::string(kChannelRecordBytes, 'x'))), "");
}

// A text field too long for the cap is cut short by the encoder, so that the record decodes.
TEST(Channel, EncoderCutsTextToTheCap) {
    std::string stream = encode(Step{std::string(kChannelRecordBytes + 100, 'n'), 2.5});
    EXPECT_EQ(stream.size(), 5 + kChannelRecordBytes);
    const auto step = std::get<Step>(taken_record(stream));
    EXPECT_EQ(step.milliseconds, 2.5);
    EXPECT_EQ(step.name, std::string(kChannelRecordBytes - 4, 'n'));
    stream = encode(Error{125, std::string(kChannelRecordBytes, 'm')});
    EXPECT_EQ(std::get<Error>(taken_record(stream)).exit_status, 125);
}

TEST(Channel, MalformedNumbersAreGarbledNotMisread) {
    struct Case {
        char type;
        std::string payload;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {'S', "mount", "a step record has no tab: \"mount\""},
        {'S', "mount\t", "a step record's milliseconds is not a number: \"\""},
        {'S', "mount\tabc", "a step record's milliseconds is not a number: \"abc\""},
        {'S', "mount\t1.5x", "a step record's milliseconds is not a number: \"1.5x\""},
        {'S', "mount\t 1", "a step record's milliseconds is not a number: \" 1\""},
        {'S', "mount\tnan", "a step record's milliseconds is not a number: \"nan\""},
        {'S', "mount\tinf", "a step record's milliseconds is not a number: \"inf\""},
        {'S', "mount\t1e999", "a step record's milliseconds is not a number: \"1e999\""},
        {'S', "mount\t-1", "a step record's milliseconds is out of range: \"-1\""},
        {'S', std::string("mount\t1\0", 8), "a step record's milliseconds is not a number: \"1\\x00\""},
        {'E', "mount failed", "an error record has no tab: \"mount failed\""},
        {'E', "0\tx", "an error record's exit status is out of range: \"0\""},
        {'E', "256\tx", "an error record's exit status is out of range: \"256\""},
        {'E', "+125\tx", "an error record's exit status is not a number: \"+125\""},
        {'E', "99999999999999999999\tx", "an error record's exit status is not a number: \"99999999999999999999\""},
        {'R', "", "a command status record's wait status is not a number: \"\""},
        {'R', "0x100", "a command status record's wait status is not a number: \"0x100\""},
        {'R', "65536", "a command status record's wait status is out of range: \"65536\""},
        {'R', "-1", "a command status record's wait status is out of range: \"-1\""},
        {'U', "1\t2", "a usage record has not three fields: \"1\\x092\""},
        {'U', "1\t2\t3\t4", "a usage record's peak KiB is not a number: \"3\\x094\""},
        {'U', "1,5\t2\t3", "a usage record's user seconds is not a number: \"1,5\""},
        {'U', "1\t-2\t3", "a usage record's system seconds is out of range: \"-2\""},
        {'L', "-1", "a leftover total record's count is not a number: \"-1\""},
        {'N', "18446744073709551616", "a written total record's count is not a number: \"18446744073709551616\""},
        {'N', std::string(100, '7'), "a written total record's count is not a number: \"777777777777777777777777...\""},
        {'A', "0\t1\t0\ttcp\t80\t192.0.2.1",
         "a network attempt record has not seven fields: \"0\\x091\\x090\\x09tcp\\x0980\\x09192.0.2.1\""},
        {'A', "100\t1\t0\ttcp\t80\t192.0.2.1\t", "a network attempt record's index is out of range: \"100\""},
        {'A', "-1\t1\t0\ttcp\t80\t192.0.2.1\t", "a network attempt record's index is not a number: \"-1\""},
        {'A', "0\t0\t0\ttcp\t80\t192.0.2.1\t", "a network attempt record's count is out of range: \"0\""},
        {'A', "0\t1\t-1\ttcp\t80\t192.0.2.1\t", "a network attempt record's first seconds is out of range: \"-1\""},
        {'A', "0\t1\t0\ttcp\t65536\t192.0.2.1\t", "a network attempt record's port is not a number: \"65536\""},
        {'A', "0\t1\t0\tsctp\t80\t192.0.2.1\t", "a network attempt record's protocol is none: \"sctp\""},
        {'A', "0\t1\t0\ttcp\t80\t192.0.2.999\t", "a network attempt record's destination is no address: \"192.0.2.999\""},
        {'A', "0\t1\t0\ttcp\t80\t\t", "a network attempt record's destination is no address: \"\""},
        {'M', "x", "a network unlisted record's count is not a number: \"x\""},
    };
    for (const auto& c : cases) EXPECT_EQ(garbled_reason(frame(c.type, c.payload)), c.reason) << c.payload;
}

// A garbled record stops the stream: the records before it were taken, it stays at the front.
TEST(Channel, RecordsBeforeAGarbledOneAreTaken) {
    std::string stream = encode(Step{"scratch", 0.1}) + frame('R', "zero") + encode(CommandStatus{0});
    EXPECT_EQ(taken_record(stream), Record(Step{"scratch", 0.1}));
    const auto taken = take(stream);
    ASSERT_TRUE(taken);
    ASSERT_TRUE(std::holds_alternative<Garbled>(*taken));
    EXPECT_EQ(describe(std::get<Garbled>(*taken)).rfind("garbled record from the sandbox's init: a command status "
                                                        "record's wait status is not a number: \"zero\" (",
                                                        0),
              0u);
}

// The outbox holds records back until flush(), then hands them over in one write, in order.
TEST(Channel, OutboxSendsEverythingInOneWriteOnFlush) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC | O_NONBLOCK), 0);
    Outbox outbox(ends[1]);
    outbox.add(Step{"scratch", 0.2});
    outbox.add(Usage{0.1, 0.2, 1024});
    outbox.add(CommandStatus{0});
    char buffer[4096];
    EXPECT_EQ(::read(ends[0], buffer, sizeof buffer), -1) << "written before flush()";
    outbox.flush();
    const ssize_t length = ::read(ends[0], buffer, sizeof buffer);
    ASSERT_GT(length, 0);
    std::string stream(buffer, static_cast<std::size_t>(length));
    EXPECT_EQ(taken_record(stream), Record(Step{"scratch", 0.2}));
    EXPECT_EQ(taken_record(stream), Record(Usage{0.1, 0.2, 1024}));
    EXPECT_EQ(taken_record(stream), Record(CommandStatus{0}));
    EXPECT_TRUE(stream.empty());
    outbox.flush();  // nothing pending: nothing written
    EXPECT_EQ(::read(ends[0], buffer, sizeof buffer), -1);
    ::close(ends[0]);
    ::close(ends[1]);
}

// The failure path of init and of the command child: the error record, then exit with its status.
TEST(Channel, FailSendsTheErrorAndExitsWithItsStatus) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) fail(ends[1], 127, "cannot execute ./missing: No such file or directory");
    ::close(ends[1]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 127);
    char buffer[4096];
    const ssize_t length = ::read(ends[0], buffer, sizeof buffer);
    ASSERT_GT(length, 0);
    std::string stream(buffer, static_cast<std::size_t>(length));
    EXPECT_EQ(taken_record(stream), Record(Error{127, "cannot execute ./missing: No such file or directory"}));
    EXPECT_TRUE(stream.empty());
    ::close(ends[0]);
}
