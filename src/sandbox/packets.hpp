// What the network responder (net_responder.hpp) makes of one packet the test sent out of its
// network namespace: which attempt to reach the outside it was, and the packet that refuses it at
// once. Pure bytes in, bytes out; every packet is hostile input (the test writes what it likes
// to its sockets, raw ones with --root): nothing is read past what the packet holds, and a
// packet that is not understood is neither recorded nor answered.
//
//   TCP SYN (any segment without RST)   -> RST, so connect() fails with ECONNREFUSED
//   UDP datagram                        -> ICMP port unreachable (ECONNREFUSED on a connected socket)
//   UDP to port 53 holding a DNS query  -> NXDOMAIN for the name asked ("no such name", EAI_NONAME)
//   ICMP echo request                   -> ICMP host unreachable
// Over IPv4 and IPv6 (no extension headers, no fragments). Multicast and broadcast destinations,
// ICMP that is not an echo request (router solicitations, MLD) are left alone: they are no
// attempt to reach a host outside.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace isotest::packets {

enum class Protocol { tcp, udp, icmp, dns };

std::string_view to_string(Protocol protocol);
std::optional<Protocol> protocol_named(std::string_view name);

// One attempt: where to (an address as inet_ntop writes it), which port (0 for ICMP), and for
// DNS the name asked (printable: bytes other than letters, digits, '-' and '_' as \DDD, as
// dig writes them; labels joined by '.').
struct Attempt {
    Protocol protocol = Protocol::tcp;
    std::string destination;
    std::uint16_t port = 0;
    std::string name;
    bool operator==(const Attempt&) const = default;
};

// "tcp 192.0.2.1:80", "udp [2001:db8::1]:53", "icmp 192.0.2.1", "dns example.org".
std::string describe(const Attempt& attempt);

struct Response {
    std::optional<Attempt> attempt;  // nothing to record: not an attempt to reach the outside
    std::vector<std::uint8_t> reply; // empty: nothing to send back
};

// One IP packet as a TUN interface without packet information hands it over (IFF_NO_PI).
Response respond(std::span<const std::uint8_t> packet);

}  // namespace isotest::packets
