// What the TCP probes share: the argument check, the socket and the IPv4 address. They report
// the probes' way: a usage error on stderr (exit 2), a refused call as "CALL: <error>" on
// stdout (exit 1), so the test can show what the sandbox refused.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tcp_probe {

inline constexpr int refused = 1;
inline constexpr int usage_error = 2;

// Exits with usage_error after printing "usage: USAGE" unless there are exactly WANTED
// arguments.
inline void require_arguments(int argc, int wanted, const char* usage) {
    if (argc == wanted + 1) return;
    std::fprintf(stderr, "usage: %s\n", usage);
    std::exit(usage_error);
}

// Prints "CALL: <error of errno>"; returns the exit status for it.
inline int report_refused(const char* call) {
    std::printf("%s: %s\n", call, std::strerror(errno));
    return refused;
}

struct Endpoint {
    int fd;               // -1 (reported) when the sandbox refused a socket
    sockaddr_in address;  // IPv4, PORT set; the host part is the caller's
};

// A close-on-exec IPv4 TCP socket and an address with PORT (decimal text).
inline Endpoint open_endpoint(const char* port) {
    Endpoint endpoint{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), sockaddr_in{}};
    if (endpoint.fd < 0) report_refused("socket");
    endpoint.address.sin_family = AF_INET;
    endpoint.address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    return endpoint;
}

}  // namespace tcp_probe
