#include "sandbox/net.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

#include "sandbox/syscall.hpp"

namespace isotest::net {

namespace {

sockaddr_in ipv4(const char* address) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    ::inet_pton(AF_INET, address, &result.sin_addr);
    return result;
}

}  // namespace

void bring_up_loopback() {
    // ioctls on any socket: no netlink needed for one flag and one route.
    sys::UniqueFd sock(sys::check(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET"));
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    sys::check(::ioctl(sock.get(), SIOCGIFFLAGS, &request), "ioctl SIOCGIFFLAGS", "lo");
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING | IFF_MULTICAST);
    sys::check(::ioctl(sock.get(), SIOCSIFFLAGS, &request), "ioctl SIOCSIFFLAGS", "lo");

    // IPv4 multicast (224.0.0.0/4) goes out on lo, so a sender that names no interface reaches
    // the test's own receivers, as on a host whose default route leads somewhere; it never
    // leaves the namespace.
    rtentry route{};
    const sockaddr_in destination = ipv4("224.0.0.0");
    const sockaddr_in mask = ipv4("240.0.0.0");
    std::memcpy(&route.rt_dst, &destination, sizeof destination);
    std::memcpy(&route.rt_genmask, &mask, sizeof mask);
    route.rt_flags = RTF_UP;
    char device[] = "lo";
    route.rt_dev = device;
    sys::check(::ioctl(sock.get(), SIOCADDRT, &route), "ioctl SIOCADDRT", "224.0.0.0/4 dev lo");
}

}  // namespace isotest::net
