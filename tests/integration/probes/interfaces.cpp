// Probe: lists network interfaces as the kernel reports them via getifaddrs(3):
//   link NAME up|down [multicast]
//   addr NAME ADDRESS        (IPv4 and IPv6 only)
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

int main() {
    ifaddrs* raw = nullptr;
    if (getifaddrs(&raw) != 0) {
        std::fprintf(stderr, "getifaddrs: %s\n", std::strerror(errno));
        return 1;
    }
    std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> list(raw, &freeifaddrs);
    for (ifaddrs* it = raw; it != nullptr; it = it->ifa_next) {
        if (it->ifa_addr == nullptr) continue;
        const int family = it->ifa_addr->sa_family;
        if (family == AF_PACKET) {
            std::printf("link %s %s%s\n", it->ifa_name, (it->ifa_flags & IFF_UP) ? "up" : "down",
                        (it->ifa_flags & IFF_MULTICAST) ? " multicast" : "");
        } else if (family == AF_INET || family == AF_INET6) {
            char text[INET6_ADDRSTRLEN] = {};
            const void* address =
                family == AF_INET
                    ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(it->ifa_addr)->sin_addr)
                    : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(it->ifa_addr)->sin6_addr);
            if (inet_ntop(family, address, text, sizeof text) == nullptr) {
                std::fprintf(stderr, "inet_ntop: %s\n", std::strerror(errno));
                return 1;
            }
            std::printf("addr %s %s\n", it->ifa_name, text);
        }
    }
    return 0;
}
