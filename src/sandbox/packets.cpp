#include "sandbox/packets.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>

namespace isotest::packets {

namespace {

using Bytes = std::span<const std::uint8_t>;
using Out = std::vector<std::uint8_t>;

constexpr std::uint8_t kTcp = 6, kUdp = 17, kIcmp = 1, kIcmp6 = 58;
constexpr std::size_t kIpv4Header = 20, kIpv6Header = 40, kTcpHeader = 20, kUdpHeader = 8, kIcmpHeader = 8;
// How much of the refused packet an ICMP error quotes: RFC 1812 (IPv4, the error within 576
// bytes) and RFC 4443 (IPv6, within the minimum MTU of 1280).
constexpr std::size_t kIpv4ErrorBytes = 576, kIpv6ErrorBytes = 1280;
constexpr std::uint8_t kDefaultHops = 64;
constexpr std::uint16_t kDnsPort = 53;
constexpr std::size_t kDnsHeader = 12, kDnsNameBytes = 255;

std::uint16_t be16(Bytes bytes, std::size_t at) {
    return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}
std::uint32_t be32(Bytes bytes, std::size_t at) {
    return (static_cast<std::uint32_t>(be16(bytes, at)) << 16) | be16(bytes, at + 2);
}
void put16(Out& out, std::size_t at, std::uint16_t value) {
    out[at] = static_cast<std::uint8_t>(value >> 8);
    out[at + 1] = static_cast<std::uint8_t>(value);
}
void put32(Out& out, std::size_t at, std::uint32_t value) {
    put16(out, at, static_cast<std::uint16_t>(value >> 16));
    put16(out, at + 2, static_cast<std::uint16_t>(value));
}

// The Internet checksum (RFC 1071): the ones' complement sum of 16-bit words, folded.
std::uint32_t sum_words(Bytes bytes, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += be16(bytes, i);
    if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back()) << 8;
    return sum;
}
std::uint16_t folded(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// An IP packet: its addresses, its upper-layer protocol and payload.
struct Ip {
    bool v6 = false;
    Bytes source, destination;  // 4 or 16 bytes
    std::uint8_t protocol = 0;
    Bytes payload;
    Bytes whole;  // header and payload, without anything past the length the header states
};

std::optional<Ip> parse_ip(Bytes packet) {
    if (packet.empty()) return std::nullopt;
    Ip ip;
    if ((packet[0] >> 4) == 4) {
        if (packet.size() < kIpv4Header) return std::nullopt;
        const std::size_t header = static_cast<std::size_t>(packet[0] & 0xf) * 4;
        const std::size_t total = be16(packet, 2);
        if (header < kIpv4Header || total < header || total > packet.size()) return std::nullopt;
        if ((be16(packet, 6) & 0x3fff) != 0) return std::nullopt;  // a fragment (MF or an offset)
        ip.protocol = packet[9];
        ip.source = packet.subspan(12, 4);
        ip.destination = packet.subspan(16, 4);
        // Multicast, reserved and broadcast (224.0.0.0 and up), and 0.0.0.0: nobody's host.
        if (ip.destination[0] >= 224 || be32(ip.destination, 0) == 0) return std::nullopt;
        ip.whole = packet.first(total);
        ip.payload = ip.whole.subspan(header);
        return ip;
    }
    if ((packet[0] >> 4) == 6) {
        if (packet.size() < kIpv6Header) return std::nullopt;
        const std::size_t total = kIpv6Header + be16(packet, 4);
        if (total > packet.size()) return std::nullopt;
        ip.v6 = true;
        ip.protocol = packet[6];  // extension headers are not followed: not understood
        ip.source = packet.subspan(8, 16);
        ip.destination = packet.subspan(24, 16);
        if (ip.destination[0] == 0xff) return std::nullopt;  // multicast
        ip.whole = packet.first(total);
        ip.payload = ip.whole.subspan(kIpv6Header);
        return ip;
    }
    return std::nullopt;
}

std::string address_text(Bytes address) {
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(address.size() == 4 ? AF_INET : AF_INET6, address.data(), text, sizeof text);
    return text;
}

// The sum of the pseudo-header an upper-layer checksum covers (RFC 793, RFC 8200 8.1).
std::uint32_t pseudo_header_sum(const Ip& request, std::uint8_t protocol, std::size_t length) {
    std::uint32_t sum = sum_words(request.source) + sum_words(request.destination);
    return sum + protocol + static_cast<std::uint32_t>(length >> 16) + static_cast<std::uint32_t>(length & 0xffff);
}

// A reply to `request`: an IP header back from its destination to its source, and `body`
// (protocol `protocol`) whose checksum field at `checksum_at` is filled in, with the
// pseudo-header where the protocol's checksum covers one.
Out reply(const Ip& request, std::uint8_t protocol, Out body, std::size_t checksum_at) {
    const bool pseudo = protocol != kIcmp;
    std::uint32_t sum = sum_words(body);
    if (pseudo) sum += pseudo_header_sum(request, protocol, body.size());
    std::uint16_t checksum = folded(sum);
    if (checksum == 0 && protocol == kUdp) checksum = 0xffff;  // 0 means "none" in UDP
    put16(body, checksum_at, checksum);

    Out packet(request.v6 ? kIpv6Header : kIpv4Header);
    if (request.v6) {
        packet[0] = 0x60;
        put16(packet, 4, static_cast<std::uint16_t>(body.size()));
        packet[6] = protocol;
        packet[7] = kDefaultHops;
        std::copy(request.destination.begin(), request.destination.end(), packet.begin() + 8);
        std::copy(request.source.begin(), request.source.end(), packet.begin() + 24);
    } else {
        packet[0] = 0x45;
        put16(packet, 2, static_cast<std::uint16_t>(kIpv4Header + body.size()));
        packet[8] = kDefaultHops;
        packet[9] = protocol;
        std::copy(request.destination.begin(), request.destination.end(), packet.begin() + 12);
        std::copy(request.source.begin(), request.source.end(), packet.begin() + 16);
        put16(packet, 10, folded(sum_words(packet)));
    }
    packet.insert(packet.end(), body.begin(), body.end());
    return packet;
}

enum class Unreachable { port, host };

// ICMP (or ICMPv6) destination unreachable, quoting as much of `request` as the error may hold.
Out unreachable(const Ip& request, Unreachable why) {
    const std::size_t room = (request.v6 ? kIpv6ErrorBytes - kIpv6Header : kIpv4ErrorBytes - kIpv4Header) - kIcmpHeader;
    const Bytes quoted = request.whole.first(std::min(room, request.whole.size()));
    Out body(kIcmpHeader);
    if (request.v6) {
        body[0] = 1;                                     // destination unreachable
        body[1] = why == Unreachable::port ? 4 : 3;      // port / address unreachable
    } else {
        body[0] = 3;                                     // destination unreachable
        body[1] = why == Unreachable::port ? 3 : 1;      // port / host unreachable
    }
    body.insert(body.end(), quoted.begin(), quoted.end());
    return reply(request, request.v6 ? kIcmp6 : kIcmp, std::move(body), 2);
}

Attempt attempt_to(const Ip& ip, Protocol protocol, std::uint16_t port, std::string name = {}) {
    return Attempt{protocol, address_text(ip.destination), port, std::move(name)};
}

// TCP: RST to anything but a RST (RFC 793's reset generation for a closed port); a SYN
// without ACK, a connection attempt, is recorded.
Response respond_tcp(const Ip& ip) {
    const Bytes tcp = ip.payload;
    if (tcp.size() < kTcpHeader) return {};
    const std::size_t header = static_cast<std::size_t>(tcp[12] >> 4) * 4;
    if (header < kTcpHeader || header > tcp.size()) return {};
    const std::uint8_t flags = tcp[13];
    constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;
    if (flags & kRst) return {};
    Out body(kTcpHeader);
    put16(body, 0, be16(tcp, 2));
    put16(body, 2, be16(tcp, 0));
    if (flags & kAck) {
        put32(body, 4, be32(tcp, 8));
        body[13] = kRst;
    } else {
        const std::size_t length = tcp.size() - header + ((flags & kSyn) ? 1 : 0) + ((flags & kFin) ? 1 : 0);
        put32(body, 8, be32(tcp, 4) + static_cast<std::uint32_t>(length));
        body[13] = kRst | kAck;
    }
    body[12] = static_cast<std::uint8_t>((kTcpHeader / 4) << 4);
    Response response;
    if ((flags & kSyn) && !(flags & kAck)) response.attempt = attempt_to(ip, Protocol::tcp, be16(tcp, 2));
    response.reply = reply(ip, kTcp, std::move(body), 16);
    return response;
}

bool plain_label_byte(std::uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

struct DnsQuery {
    std::string name;
    Bytes question;  // the question section as asked, echoed in the answer
};

// A standard query with one question whose name is written out (no compression pointers).
std::optional<DnsQuery> parse_dns_query(Bytes message) {
    if (message.size() < kDnsHeader) return std::nullopt;
    const std::uint16_t flags = be16(message, 2);
    if ((flags & 0x8000) || ((flags >> 11) & 0xf) != 0 || be16(message, 4) != 1) return std::nullopt;
    DnsQuery query;
    std::size_t at = kDnsHeader, wire_bytes = 0;
    for (;;) {
        if (at >= message.size()) return std::nullopt;
        const std::size_t length = message[at++];
        if (length == 0) break;
        if ((length & 0xc0) != 0 || length > message.size() - at) return std::nullopt;
        wire_bytes += length + 1;
        if (wire_bytes + 1 > kDnsNameBytes) return std::nullopt;
        if (!query.name.empty()) query.name += '.';
        for (const std::uint8_t c : message.subspan(at, length)) {
            if (plain_label_byte(c)) {
                query.name += static_cast<char>(c);
            } else {
                const std::array<char, 4> escaped = {'\\', static_cast<char>('0' + c / 100),
                                                     static_cast<char>('0' + c / 10 % 10), static_cast<char>('0' + c % 10)};
                query.name.append(escaped.begin(), escaped.end());
            }
        }
        at += length;
    }
    if (message.size() - at < 4) return std::nullopt;  // type and class
    if (query.name.empty()) query.name = ".";
    query.question = message.subspan(kDnsHeader, at + 4 - kDnsHeader);
    return query;
}

// "No such name" (RCODE 3) for the question asked, recursion available, nothing else.
Out nxdomain(Bytes request, const DnsQuery& query) {
    Out answer(kDnsHeader);
    put16(answer, 0, be16(request, 0));
    put16(answer, 2, static_cast<std::uint16_t>(0x8000 | (be16(request, 2) & 0x0100) | 0x0080 | 3));
    put16(answer, 4, 1);
    answer.insert(answer.end(), query.question.begin(), query.question.end());
    return answer;
}

Response respond_udp(const Ip& ip) {
    const Bytes udp = ip.payload;
    if (udp.size() < kUdpHeader) return {};
    const std::size_t length = be16(udp, 4);
    if (length < kUdpHeader || length > udp.size()) return {};
    const std::uint16_t port = be16(udp, 2);
    if (port == kDnsPort) {
        const Bytes message = udp.subspan(kUdpHeader, length - kUdpHeader);
        if (const auto query = parse_dns_query(message)) {
            Out body(kUdpHeader);
            put16(body, 0, port);
            put16(body, 2, be16(udp, 0));
            const Out answer = nxdomain(message, *query);
            put16(body, 4, static_cast<std::uint16_t>(kUdpHeader + answer.size()));
            body.insert(body.end(), answer.begin(), answer.end());
            return {attempt_to(ip, Protocol::dns, port, query->name), reply(ip, kUdp, std::move(body), 6)};
        }
    }
    return {attempt_to(ip, Protocol::udp, port), unreachable(ip, Unreachable::port)};
}

Response respond_icmp(const Ip& ip) {
    if (ip.payload.size() < kIcmpHeader) return {};
    const std::uint8_t echo_request = ip.v6 ? 128 : 8;
    if (ip.payload[0] != echo_request || ip.payload[1] != 0) return {};
    return {attempt_to(ip, Protocol::icmp, 0), unreachable(ip, Unreachable::host)};
}

}  // namespace

std::string_view to_string(Protocol protocol) {
    switch (protocol) {
        case Protocol::tcp: return "tcp";
        case Protocol::udp: return "udp";
        case Protocol::icmp: return "icmp";
        case Protocol::dns: return "dns";
    }
    return "?";
}

std::optional<Protocol> protocol_named(std::string_view name) {
    for (const Protocol protocol : {Protocol::tcp, Protocol::udp, Protocol::icmp, Protocol::dns}) {
        if (to_string(protocol) == name) return protocol;
    }
    return std::nullopt;
}

std::string describe(const Attempt& attempt) {
    std::string text(to_string(attempt.protocol));
    text += ' ';
    if (attempt.protocol == Protocol::dns) return text + attempt.name;
    const bool v6 = attempt.destination.find(':') != std::string::npos;
    if (attempt.protocol == Protocol::icmp) return text + attempt.destination;
    text += v6 ? "[" + attempt.destination + "]" : attempt.destination;
    return text + ":" + std::to_string(attempt.port);
}

Response respond(std::span<const std::uint8_t> packet) {
    const auto ip = parse_ip(packet);
    if (!ip) return {};
    if (ip->protocol == kTcp) return respond_tcp(*ip);
    if (ip->protocol == kUdp) return respond_udp(*ip);
    if (ip->protocol == (ip->v6 ? kIcmp6 : kIcmp)) return respond_icmp(*ip);
    return {};
}

}  // namespace isotest::packets
