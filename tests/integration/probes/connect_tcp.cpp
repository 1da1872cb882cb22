// Probe: connect to IPV4_ADDRESS:PORT over TCP; prints "connected" (exit 0) or
// "connect: <error>" (exit 1).
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdio>

#include "tcp_probe.hpp"

int main(int argc, char** argv) {
    if (!tcp_probe::arguments_are(argc, 2, "connect_tcp IPV4_ADDRESS PORT")) {
        return tcp_probe::usage_error;
    }
    const int fd = tcp_probe::open_socket();
    if (fd < 0) return tcp_probe::refused;
    sockaddr_in address = tcp_probe::address_with_port(argv[2]);
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        std::fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
        return tcp_probe::usage_error;
    }
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        return tcp_probe::report_refused("connect");
    }
    std::printf("connected\n");
    close(fd);
    return 0;
}
