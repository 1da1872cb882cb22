// Probe: connect to IPV4_ADDRESS:PORT over TCP; prints "connected" (exit 0) or
// "connect: <error>" (exit 1).
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdio>

#include "tcp_probe.hpp"

int main(int argc, char** argv) {
    tcp_probe::require_arguments(argc, 2, "connect_tcp IPV4_ADDRESS PORT");
    auto [fd, address] = tcp_probe::open_endpoint(argv[2]);
    if (fd < 0) return tcp_probe::refused;
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
