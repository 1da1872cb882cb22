// Probe: IPv4 multicast between two sockets of this process, as a test of a discovery protocol
// does it: a receiver joins 239.255.42.99 on "any" interface, a sender sends to the group
// naming no interface. Prints "received" or what failed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main() {
    const char* group = "239.255.42.99";
    const int receiver = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_port = htons(50042);
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(receiver, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0) {
        std::printf("bind: %s\n", std::strerror(errno));
        return 1;
    }
    ip_mreq join{};
    ::inet_pton(AF_INET, group, &join.imr_multiaddr);
    join.imr_interface.s_addr = htonl(INADDR_ANY);
    if (::setsockopt(receiver, IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof join) != 0) {
        std::printf("join: %s\n", std::strerror(errno));
        return 1;
    }
    const int sender = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to = any;
    ::inet_pton(AF_INET, group, &to.sin_addr);
    if (::sendto(sender, "hello", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) != 5) {
        std::printf("send: %s\n", std::strerror(errno));
        return 1;
    }
    pollfd readable{receiver, POLLIN, 0};
    if (::poll(&readable, 1, 5000) != 1) {
        std::printf("nothing received\n");
        return 1;
    }
    char buffer[16];
    const ssize_t n = ::recv(receiver, buffer, sizeof buffer, 0);
    std::printf(n == 5 && std::memcmp(buffer, "hello", 5) == 0 ? "received\n" : "garbled\n");
    return 0;
}
