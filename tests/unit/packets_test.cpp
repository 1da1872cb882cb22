#include "sandbox/packets.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace isotest::packets;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kTcp = 6, kUdp = 17, kIcmp = 1, kIcmp6 = 58;

std::uint16_t be16(const Bytes& bytes, std::size_t at) {
    return static_cast<std::uint16_t>((bytes.at(at) << 8) | bytes.at(at + 1));
}
std::uint32_t be32(const Bytes& bytes, std::size_t at) { return (std::uint32_t{be16(bytes, at)} << 16) | be16(bytes, at + 2); }
void put16(Bytes& bytes, std::size_t at, std::uint16_t value) {
    bytes[at] = static_cast<std::uint8_t>(value >> 8);
    bytes[at + 1] = static_cast<std::uint8_t>(value);
}

std::uint32_t sum(const std::uint8_t* data, std::size_t size, std::uint32_t total = 0) {
    for (std::size_t i = 0; i + 1 < size; i += 2) total += static_cast<std::uint32_t>((data[i] << 8) | data[i + 1]);
    if (size % 2) total += static_cast<std::uint32_t>(data[size - 1]) << 8;
    return total;
}
std::uint16_t fold(std::uint32_t total) {
    while (total >> 16) total = (total & 0xffff) + (total >> 16);
    return static_cast<std::uint16_t>(~total);
}

Bytes address(const char* text) {
    const bool v6 = std::string(text).find(':') != std::string::npos;
    Bytes bytes(v6 ? 16 : 4);
    EXPECT_EQ(::inet_pton(v6 ? AF_INET6 : AF_INET, text, bytes.data()), 1) << text;
    return bytes;
}

std::uint32_t pseudo(const Bytes& source, const Bytes& destination, std::uint8_t protocol, std::size_t length) {
    return sum(source.data(), source.size()) + sum(destination.data(), destination.size()) + protocol +
           static_cast<std::uint32_t>(length);
}

// An IP packet from `source` to `destination` carrying `body` (its checksum at `checksum_at`
// filled in, or none), as the kernel hands it to a TUN interface.
Bytes ip_packet(const char* source, const char* destination, std::uint8_t protocol, Bytes body,
                std::ptrdiff_t checksum_at = -1) {
    const Bytes from = address(source), to = address(destination);
    const bool v6 = from.size() == 16;
    if (checksum_at >= 0) {
        const std::uint32_t extra = protocol == kIcmp ? 0 : pseudo(from, to, protocol, body.size());
        put16(body, static_cast<std::size_t>(checksum_at), fold(sum(body.data(), body.size(), extra)));
    }
    Bytes packet(v6 ? 40 : 20);
    if (v6) {
        packet[0] = 0x60;
        put16(packet, 4, static_cast<std::uint16_t>(body.size()));
        packet[6] = protocol;
        packet[7] = 64;
        std::copy(from.begin(), from.end(), packet.begin() + 8);
        std::copy(to.begin(), to.end(), packet.begin() + 24);
    } else {
        packet[0] = 0x45;
        put16(packet, 2, static_cast<std::uint16_t>(20 + body.size()));
        packet[6] = 0x40;  // don't fragment, as Linux sends
        packet[8] = 64;
        packet[9] = protocol;
        std::copy(from.begin(), from.end(), packet.begin() + 12);
        std::copy(to.begin(), to.end(), packet.begin() + 16);
        put16(packet, 10, fold(sum(packet.data(), 20)));
    }
    packet.insert(packet.end(), body.begin(), body.end());
    return packet;
}

Bytes tcp_segment(std::uint16_t source_port, std::uint16_t port, std::uint32_t seq, std::uint8_t flags) {
    Bytes tcp(20);
    put16(tcp, 0, source_port);
    put16(tcp, 2, port);
    put16(tcp, 4, static_cast<std::uint16_t>(seq >> 16));
    put16(tcp, 6, static_cast<std::uint16_t>(seq));
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16(tcp, 14, 64240);
    return tcp;
}

Bytes udp_datagram(std::uint16_t source_port, std::uint16_t port, const Bytes& payload) {
    Bytes udp(8 + payload.size());
    put16(udp, 0, source_port);
    put16(udp, 2, port);
    put16(udp, 4, static_cast<std::uint16_t>(udp.size()));
    std::copy(payload.begin(), payload.end(), udp.begin() + 8);
    return udp;
}

// A standard query for `name` (type A, recursion desired), as glibc's resolver sends it.
Bytes dns_query(const std::string& name, std::uint16_t id = 0x1234) {
    Bytes query = {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    std::size_t start = 0;
    while (start < name.size()) {
        const auto dot = name.find('.', start);
        const std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        query.push_back(static_cast<std::uint8_t>(label.size()));
        query.insert(query.end(), label.begin(), label.end());
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    query.insert(query.end(), {0, 0, 1, 0, 1});
    return query;
}

// The reply's IP header says it comes back from `from` to `to`, carries `protocol`, and its
// checksums (IPv4 header, and the upper layer's) hold; returns the upper layer's bytes.
Bytes checked_reply(const Bytes& reply, const char* from, const char* to, std::uint8_t protocol) {
    const Bytes source = address(from), destination = address(to);
    const bool v6 = source.size() == 16;
    const std::size_t header = v6 ? 40 : 20;
    EXPECT_GE(reply.size(), header);
    if (reply.size() < header) return {};
    Bytes body(reply.begin() + static_cast<std::ptrdiff_t>(header), reply.end());
    if (v6) {
        EXPECT_EQ(reply[0] >> 4, 6);
        EXPECT_EQ(be16(reply, 4), body.size());
        EXPECT_EQ(reply[6], protocol);
        EXPECT_EQ(Bytes(reply.begin() + 8, reply.begin() + 24), source);
        EXPECT_EQ(Bytes(reply.begin() + 24, reply.begin() + 40), destination);
    } else {
        EXPECT_EQ(reply[0], 0x45);
        EXPECT_EQ(be16(reply, 2), reply.size());
        EXPECT_EQ(reply[9], protocol);
        EXPECT_EQ(fold(sum(reply.data(), 20)), 0) << "IPv4 header checksum";
        EXPECT_EQ(Bytes(reply.begin() + 12, reply.begin() + 16), source);
        EXPECT_EQ(Bytes(reply.begin() + 16, reply.begin() + 20), destination);
    }
    const std::uint32_t extra = protocol == kIcmp ? 0 : pseudo(source, destination, protocol, body.size());
    EXPECT_EQ(fold(sum(body.data(), body.size(), extra)), 0) << "upper-layer checksum";
    return body;
}

}  // namespace

// The acknowledgement is the SYN's sequence number plus one, modulo 2^32.
TEST(Packets, TcpSynIsRecordedAndResetOverBothFamilies) {
    struct Case {
        const char* source;
        const char* destination;
        std::uint16_t port;
        std::uint32_t seq, ack;
    };
    for (const Case& c : {Case{"169.254.0.1", "192.0.2.1", 80, 1000, 1001},
                          Case{"fd69:736f:7465:7374::1", "2001:db8::1", 443, 0xffffffff, 0}}) {
        const Bytes syn = ip_packet(c.source, c.destination, kTcp, tcp_segment(40000, c.port, c.seq, 0x02), 16);
        const Response response = respond(syn);
        EXPECT_EQ(response.attempt, (Attempt{Protocol::tcp, c.destination, c.port, ""}));
        const Bytes tcp = checked_reply(response.reply, c.destination, c.source, kTcp);
        ASSERT_EQ(tcp.size(), 20u);
        EXPECT_EQ(be16(tcp, 0), c.port);
        EXPECT_EQ(be16(tcp, 2), 40000);
        EXPECT_EQ(be32(tcp, 4), 0u);
        EXPECT_EQ(be32(tcp, 8), c.ack) << "acknowledges the SYN";
        EXPECT_EQ(tcp[13], 0x14) << "RST|ACK";
    }
}

// A segment of a connection isotest never accepted (an ACK) is reset from its acknowledgement,
// and not counted as an attempt of its own; a RST is never answered.
TEST(Packets, OtherTcpSegmentsAreResetUnrecordedAndRstIsLeftAlone) {
    Bytes ack_segment = tcp_segment(40000, 80, 5, 0x10);
    put16(ack_segment, 8, 0xabcd);
    put16(ack_segment, 10, 0x0001);
    const Response response = respond(ip_packet("169.254.0.1", "192.0.2.1", kTcp, ack_segment, 16));
    EXPECT_FALSE(response.attempt);
    const Bytes tcp = checked_reply(response.reply, "192.0.2.1", "169.254.0.1", kTcp);
    ASSERT_EQ(tcp.size(), 20u);
    EXPECT_EQ(be32(tcp, 4), 0xabcd0001u);
    EXPECT_EQ(tcp[13], 0x04);
    const Response rst = respond(ip_packet("169.254.0.1", "192.0.2.1", kTcp, tcp_segment(40000, 80, 5, 0x04), 16));
    EXPECT_FALSE(rst.attempt);
    EXPECT_TRUE(rst.reply.empty());
}

TEST(Packets, UdpIsRecordedAndRefusedWithPortUnreachable) {
    const Bytes datagram = ip_packet("169.254.0.1", "198.51.100.7", kUdp, udp_datagram(5000, 9, {'h', 'i'}), 6);
    const Response response = respond(datagram);
    EXPECT_EQ(response.attempt, (Attempt{Protocol::udp, "198.51.100.7", 9, ""}));
    const Bytes icmp = checked_reply(response.reply, "198.51.100.7", "169.254.0.1", kIcmp);
    ASSERT_EQ(icmp.size(), 8 + datagram.size());
    EXPECT_EQ(icmp[0], 3);
    EXPECT_EQ(icmp[1], 3);
    EXPECT_EQ(Bytes(icmp.begin() + 8, icmp.end()), datagram) << "quotes the datagram refused";

    const Bytes v6 = ip_packet("fd69:736f:7465:7374::1", "2001:db8::1", kUdp, udp_datagram(5000, 443, {}), 6);
    const Response v6_response = respond(v6);
    EXPECT_EQ(v6_response.attempt, (Attempt{Protocol::udp, "2001:db8::1", 443, ""}));
    const Bytes icmp6 = checked_reply(v6_response.reply, "2001:db8::1", "fd69:736f:7465:7374::1", kIcmp6);
    ASSERT_GE(icmp6.size(), 8u);
    EXPECT_EQ(icmp6[0], 1);
    EXPECT_EQ(icmp6[1], 4);
}

// An ICMP error stays within 576 bytes (IPv4) and 1280 (IPv6), quoting what fits.
TEST(Packets, IcmpErrorsQuoteOnlyWhatFits) {
    const Bytes big = ip_packet("169.254.0.1", "198.51.100.7", kUdp, udp_datagram(5000, 9, Bytes(1400, 'x')), 6);
    EXPECT_EQ(respond(big).reply.size(), 576u);
    const Bytes big6 = ip_packet("fd69:736f:7465:7374::1", "2001:db8::1", kUdp, udp_datagram(5000, 9, Bytes(1400, 'x')), 6);
    const Response response = respond(big6);
    EXPECT_EQ(response.reply.size(), 1280u);
    checked_reply(response.reply, "2001:db8::1", "fd69:736f:7465:7374::1", kIcmp6);
}

TEST(Packets, DnsQueryIsAnsweredNoSuchNameWithTheNameRecorded) {
    const Bytes query = dns_query("foo.invalid");
    const Response response = respond(ip_packet("169.254.0.1", "169.254.0.53", kUdp, udp_datagram(33000, 53, query), 6));
    EXPECT_EQ(response.attempt, (Attempt{Protocol::dns, "169.254.0.53", 53, "foo.invalid"}));
    const Bytes udp = checked_reply(response.reply, "169.254.0.53", "169.254.0.1", kUdp);
    ASSERT_EQ(udp.size(), 8 + query.size());
    EXPECT_EQ(be16(udp, 0), 53);
    EXPECT_EQ(be16(udp, 2), 33000);
    const Bytes answer(udp.begin() + 8, udp.end());
    EXPECT_EQ(be16(answer, 0), 0x1234) << "the query's id";
    EXPECT_EQ(be16(answer, 2), 0x8183) << "a response, recursion desired and available, NXDOMAIN";
    EXPECT_EQ(be16(answer, 4), 1);
    EXPECT_EQ(be16(answer, 6), 0);
    EXPECT_EQ(Bytes(answer.begin() + 12, answer.end()), Bytes(query.begin() + 12, query.end())) << "the question";

    const Response v6 = respond(ip_packet("fd69:736f:7465:7374::1", "2001:db8::53", kUdp, udp_datagram(1, 53, dns_query("example.org")), 6));
    EXPECT_EQ(v6.attempt, (Attempt{Protocol::dns, "2001:db8::53", 53, "example.org"}));
    checked_reply(v6.reply, "2001:db8::53", "fd69:736f:7465:7374::1", kUdp);
}

TEST(Packets, DnsNamesArePrintable) {
    Bytes query = dns_query("a.b");
    query[13] = '\n';  // the first label's byte
    const Response response = respond(ip_packet("169.254.0.1", "169.254.0.53", kUdp, udp_datagram(1, 53, query), 6));
    ASSERT_TRUE(response.attempt);
    EXPECT_EQ(response.attempt->name, "\\010.b");
    const Response root = respond(ip_packet("169.254.0.1", "169.254.0.53", kUdp, udp_datagram(1, 53, dns_query("")), 6));
    ASSERT_TRUE(root.attempt);
    EXPECT_EQ(root.attempt->name, ".");
}

// Port 53 carrying what is no standard query is plain UDP: refused, recorded as UDP.
TEST(Packets, WhatIsNoDnsQueryOnPort53IsPlainUdp) {
    Bytes compressed = dns_query("x");
    compressed[12] = 0xc0;  // a compression pointer in a question
    Bytes response_bit = dns_query("x");
    response_bit[2] |= 0x80;
    Bytes two_questions = dns_query("x");
    two_questions[5] = 2;
    std::string too_long;
    for (int i = 0; i < 50; ++i) too_long += "abcdefghi.";
    for (const Bytes& payload : {compressed, response_bit, two_questions, dns_query(too_long), Bytes{1, 2, 3}, Bytes{}}) {
        const Response response = respond(ip_packet("169.254.0.1", "192.0.2.53", kUdp, udp_datagram(1, 53, payload), 6));
        EXPECT_EQ(response.attempt, (Attempt{Protocol::udp, "192.0.2.53", 53, ""}));
    }
}

TEST(Packets, EchoRequestIsRecordedAndAnsweredHostUnreachable) {
    Bytes echo = {8, 0, 0, 0, 0, 1, 0, 1, 'p', 'i', 'n', 'g'};
    const Response response = respond(ip_packet("169.254.0.1", "192.0.2.1", kIcmp, echo, 2));
    EXPECT_EQ(response.attempt, (Attempt{Protocol::icmp, "192.0.2.1", 0, ""}));
    const Bytes icmp = checked_reply(response.reply, "192.0.2.1", "169.254.0.1", kIcmp);
    EXPECT_EQ(icmp.at(0), 3);
    EXPECT_EQ(icmp.at(1), 1);

    Bytes echo6 = {128, 0, 0, 0, 0, 1, 0, 1};
    const Response v6 = respond(ip_packet("fd69:736f:7465:7374::1", "2001:db8::1", kIcmp6, echo6, 2));
    EXPECT_EQ(v6.attempt, (Attempt{Protocol::icmp, "2001:db8::1", 0, ""}));
    const Bytes icmp6 = checked_reply(v6.reply, "2001:db8::1", "fd69:736f:7465:7374::1", kIcmp6);
    EXPECT_EQ(icmp6.at(0), 1);
    EXPECT_EQ(icmp6.at(1), 3);
}

// What reaches nobody's host, or is not understood, is neither recorded nor answered.
TEST(Packets, MulticastFragmentsAndOtherIcmpAreLeftAlone) {
    const Bytes tcp = tcp_segment(1, 80, 0, 0x02);
    for (const Bytes& packet : {
             ip_packet("169.254.0.1", "224.0.0.251", kUdp, udp_datagram(5353, 5353, {})),
             ip_packet("169.254.0.1", "255.255.255.255", kUdp, udp_datagram(68, 67, {})),
             ip_packet("fd69:736f:7465:7374::1", "ff02::1", kUdp, udp_datagram(1, 2, {})),
             ip_packet("fd69:736f:7465:7374::1", "ff02::2", kIcmp6, Bytes{133, 0, 0, 0, 0, 0, 0, 0}),  // router solicitation
             ip_packet("169.254.0.1", "192.0.2.1", kIcmp, Bytes{0, 0, 0, 0, 0, 0, 0, 0}),  // echo reply
             ip_packet("169.254.0.1", "192.0.2.1", 132, tcp),                              // SCTP
             Bytes{}, Bytes{0x45}, Bytes(40, 0), Bytes(60, 0xff),
         }) {
        const Response response = respond(packet);
        EXPECT_FALSE(response.attempt) << describe(*response.attempt);
        EXPECT_TRUE(response.reply.empty());
    }
    Bytes fragment = ip_packet("169.254.0.1", "192.0.2.1", kTcp, tcp, 16);
    fragment[6] = 0x20;  // more fragments
    EXPECT_FALSE(respond(fragment).attempt);
    fragment[6] = 0x00;
    fragment[7] = 0x08;  // an offset
    EXPECT_FALSE(respond(fragment).attempt);
}

// Every cut of a packet short of its stated length is refused without reading past it.
TEST(Packets, TruncatedPacketsAreLeftAlone) {
    const Bytes packets[] = {
        ip_packet("169.254.0.1", "192.0.2.1", kTcp, tcp_segment(1, 80, 0, 0x02), 16),
        ip_packet("fd69:736f:7465:7374::1", "2001:db8::1", kUdp, udp_datagram(1, 53, dns_query("example.org")), 6),
    };
    for (const Bytes& whole : packets) {
        for (std::size_t size = 0; size < whole.size(); ++size) {
            const Response response = respond(std::span(whole.data(), size));
            EXPECT_FALSE(response.attempt) << size;
            EXPECT_TRUE(response.reply.empty()) << size;
        }
        EXPECT_TRUE(respond(whole).attempt);
    }
}

TEST(Packets, Descriptions) {
    EXPECT_EQ(describe({Protocol::tcp, "192.0.2.1", 80, ""}), "tcp 192.0.2.1:80");
    EXPECT_EQ(describe({Protocol::udp, "2001:db8::1", 53, ""}), "udp [2001:db8::1]:53");
    EXPECT_EQ(describe({Protocol::icmp, "192.0.2.1", 0, ""}), "icmp 192.0.2.1");
    EXPECT_EQ(describe({Protocol::dns, "169.254.0.53", 53, "example.org"}), "dns example.org");
    for (const Protocol protocol : {Protocol::tcp, Protocol::udp, Protocol::icmp, Protocol::dns}) {
        EXPECT_EQ(protocol_named(to_string(protocol)), protocol);
    }
    EXPECT_FALSE(protocol_named("sctp"));
}
