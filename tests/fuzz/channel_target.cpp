#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "invariant.hpp"
#include "isotest/report_limits.hpp"
#include "sandbox/channel.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

// A decoded record encodes to a record that decodes to the same value, and encodes to the same
// bytes again: encode(decode(x)) is stable.
void check_round_trip(const channel::Record& record) {
    const std::string bytes = channel::encode(record);
    FUZZ_CHECK(bytes.size() <= 5 + limits::kChannelRecordBytes, "an encoded record is over the cap");
    std::string stream = bytes;
    const auto again = channel::take(stream);
    FUZZ_CHECK(again.has_value(), "an encoded record is incomplete");
    const auto* decoded = std::get_if<channel::Record>(&*again);
    FUZZ_CHECK(decoded != nullptr, "an encoded record is garbled");
    FUZZ_CHECK(stream.empty(), "an encoded record is not taken whole");
    FUZZ_CHECK(*decoded == record, "a record changed through encode and decode");
    FUZZ_CHECK(channel::encode(*decoded) == bytes, "encode(decode(x)) is not stable");
}

}  // namespace

int channel(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // As a stream: records are taken off the front until one is incomplete or garbled.
    std::string stream(input);
    while (const auto taken = channel::take(stream)) {
        if (std::holds_alternative<channel::Garbled>(*taken)) {
            FUZZ_CHECK(!std::get<channel::Garbled>(*taken).reason.empty(), "a garbled record without a reason");
            break;
        }
        check_round_trip(std::get<channel::Record>(*taken));
    }
    FUZZ_CHECK(input.ends_with(stream), "take() changed bytes it did not consume");
    // Left waiting for more bytes only for a record within the cap: the supervisor never buffers
    // more than one record's cap (plus one read) on the say-so of a length.
    if (stream.size() >= 5 && !channel::take(stream)) {
        std::uint64_t stated = 0;
        for (int i = 0; i < 4; ++i) stated |= std::uint64_t{static_cast<unsigned char>(stream[1 + i])} << (8 * i);
        FUZZ_CHECK(stated <= limits::kChannelRecordBytes, "take() waits for a record over the cap");
    }

    // As one record's type byte and payload, the framing aside (random bytes rarely frame one).
    if (!input.empty()) {
        const auto decoded = channel::decode(input[0], input.substr(1));
        if (const auto* record = std::get_if<channel::Record>(&decoded)) check_round_trip(*record);
    }
    return 0;
}

}  // namespace isotest::fuzz
