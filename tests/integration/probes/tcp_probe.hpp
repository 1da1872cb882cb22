// What the TCP probes share: the argument check, the socket and the IPv4 address. They report
// the probes' way: a usage error on stderr (exit 2), a refused call as "CALL: <error>" on
// stdout (exit 1), so the test can show what the sandbox refused.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace tcp_probe {

inline constexpr int refused = 1;
inline constexpr int usage_error = 2;

// Whether there are exactly WANTED arguments; prints "usage: USAGE" when not.
inline bool arguments_are(int argc, int wanted, const char* usage) {
    if (argc == wanted + 1) return true;
    std::fprintf(stderr, "usage: %s\n", usage);
    return false;
}

// Prints "CALL: <error of errno>"; returns the exit status for it.
inline int report_refused(const char* call) {
    std::printf("%s: %s\n", call, std::strerror(errno));
    return refused;
}

// A close-on-exec IPv4 TCP socket, or -1 (reported) when the sandbox refuses one.
inline int open_socket() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) report_refused("socket");
    return fd;
}

// An IPv4 socket address with PORT (decimal text); the host part is the caller's.
inline sockaddr_in address_with_port(const char* port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    return address;
}

}  // namespace tcp_probe
