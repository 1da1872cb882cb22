#include "sandbox/channel.hpp"

#include <cstring>

#include "sandbox/syscall.hpp"

namespace isotest::channel {

// Record: one type byte, a 4-byte little-endian length, the payload.
std::string encode(RecordType type, std::string_view payload) {
    std::string record;
    record.reserve(payload.size() + 5);
    record.push_back(static_cast<char>(type));
    const auto size = static_cast<std::uint32_t>(payload.size());
    for (int shift = 0; shift < 32; shift += 8) record.push_back(static_cast<char>((size >> shift) & 0xff));
    record.append(payload);
    return record;
}

std::optional<Record> take_record(std::string& buffer) {
    if (buffer.size() < 5) return std::nullopt;
    std::uint32_t size = 0;
    for (int i = 0; i < 4; ++i) size |= static_cast<std::uint32_t>(static_cast<unsigned char>(buffer[1 + i])) << (8 * i);
    if (buffer.size() < 5 + static_cast<std::size_t>(size)) return std::nullopt;
    Record record{static_cast<RecordType>(buffer[0]), buffer.substr(5, size)};
    buffer.erase(0, 5 + static_cast<std::size_t>(size));
    return record;
}

void send(int fd, RecordType type, std::string_view payload) {
    sys::write_all(fd, encode(type, payload));
}

void Outbox::flush() {
    if (pending_.empty()) return;
    sys::write_all(fd_, pending_);
    pending_.clear();
}

}  // namespace isotest::channel
