#include <arpa/inet.h>

#include <cstdint>
#include <span>
#include <string>

#include "invariant.hpp"
#include "sandbox/packets.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

std::uint32_t sum(std::span<const std::uint8_t> bytes, std::uint32_t total = 0) {
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) total += static_cast<std::uint32_t>((bytes[i] << 8) | bytes[i + 1]);
    if (bytes.size() % 2) total += static_cast<std::uint32_t>(bytes.back()) << 8;
    while (total >> 16) total = (total & 0xffff) + (total >> 16);
    return total;
}

// The reply is an IP packet whose lengths and checksums hold, as the kernel checks them before
// any socket of the test's sees it.
void check_reply(std::span<const std::uint8_t> reply) {
    FUZZ_CHECK(reply.size() <= 1280, "a reply is larger than IPv6's minimum MTU");
    FUZZ_CHECK(reply.size() >= 20, "a reply is shorter than an IP header");
    const bool v6 = (reply[0] >> 4) == 6;
    FUZZ_CHECK(v6 || reply[0] == 0x45, "a reply is no IP packet");
    const std::size_t header = v6 ? 40 : 20;
    FUZZ_CHECK(reply.size() >= header + 8, "a reply has no upper-layer header");
    const std::size_t stated = v6 ? header + ((reply[4] << 8) | reply[5]) : static_cast<std::size_t>((reply[2] << 8) | reply[3]);
    FUZZ_CHECK(stated == reply.size(), "a reply's length field is wrong");
    if (!v6) FUZZ_CHECK(sum(reply.first(20)) == 0xffff, "a reply's IPv4 header checksum is wrong");
    const std::uint8_t protocol = reply[v6 ? 6 : 9];
    const auto body = reply.subspan(header);
    std::uint32_t pseudo = 0;
    if (protocol != 1) {
        pseudo = sum(reply.subspan(v6 ? 8 : 12, v6 ? 32 : 8)) + protocol + static_cast<std::uint32_t>(body.size());
    }
    FUZZ_CHECK(sum(body, pseudo) == 0xffff, "a reply's upper-layer checksum is wrong");
}

}  // namespace

int packets(const std::uint8_t* data, std::size_t size) {
    const auto response = packets::respond({data, size});
    if (!response.reply.empty()) check_reply(response.reply);
    if (response.attempt) {
        const packets::Attempt& attempt = *response.attempt;
        unsigned char address[16];
        FUZZ_CHECK(::inet_pton(AF_INET, attempt.destination.c_str(), address) == 1 ||
                       ::inet_pton(AF_INET6, attempt.destination.c_str(), address) == 1,
                   "an attempt's destination is no address");
        FUZZ_CHECK(!response.reply.empty(), "an attempt recorded is not refused");
        FUZZ_CHECK(attempt.name.size() <= 4 * 255, "a DNS name is longer than any");
        FUZZ_CHECK(attempt.protocol == packets::Protocol::dns || attempt.name.empty(), "a name without DNS");
        for (const char c : attempt.name) {
            FUZZ_CHECK(c > 0x20 && c < 0x7f, "a DNS name is not printable");
        }
        FUZZ_CHECK(!packets::describe(attempt).empty(), "an attempt without a description");
    }
    return 0;
}

}  // namespace isotest::fuzz
