// Probe: IPv4 multicast as a test of a discovery protocol does it: a receiver joins
// 239.255.42.99 on "any" interface, a sender sends to the group naming no interface. With no
// argument, two sockets of this process; between two processes, "receive FILE" joins, creates
// FILE, and waits for one datagram, "send" sends one. Prints "received" or what failed.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

constexpr const char* kGroup = "239.255.42.99";

sockaddr_in group_port(bool group) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(50042);
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (group) ::inet_pton(AF_INET, kGroup, &address.sin_addr);
    return address;
}

// A socket bound to the group's port that joined the group; -1 (and why printed) otherwise.
int join() {
    const int receiver = ::socket(AF_INET, SOCK_DGRAM, 0);
    const sockaddr_in any = group_port(false);
    if (::bind(receiver, reinterpret_cast<const sockaddr*>(&any), sizeof any) != 0) {
        std::printf("bind: %s\n", std::strerror(errno));
        return -1;
    }
    ip_mreq membership{};
    ::inet_pton(AF_INET, kGroup, &membership.imr_multiaddr);
    membership.imr_interface.s_addr = htonl(INADDR_ANY);
    if (::setsockopt(receiver, IPPROTO_IP, IP_ADD_MEMBERSHIP, &membership, sizeof membership) != 0) {
        std::printf("join: %s\n", std::strerror(errno));
        return -1;
    }
    return receiver;
}

bool send_one() {
    const int sender = ::socket(AF_INET, SOCK_DGRAM, 0);
    const sockaddr_in to = group_port(true);
    if (::sendto(sender, "hello", 5, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 5) {
        std::printf("send: %s\n", std::strerror(errno));
        return false;
    }
    return true;
}

int receive_one(int receiver) {
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

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "both";
    if (mode == "send") return send_one() ? 0 : 1;
    const int receiver = join();
    if (receiver < 0) return 1;
    if (mode == "receive") {
        if (argc < 3 || ::close(::creat(argv[2], 0644)) != 0) {
            std::printf("cannot create the ready file\n");
            return 1;
        }
    } else if (!send_one()) {
        return 1;
    }
    return receive_one(receiver);
}
