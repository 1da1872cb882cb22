#include "sandbox/net.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

#include "sandbox/syscall.hpp"

namespace isotest::net {

void bring_up_loopback() {
    // One ioctl on any socket is all it takes; no netlink needed for a single flag.
    sys::UniqueFd sock(sys::check(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET"));
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    sys::check(::ioctl(sock.get(), SIOCGIFFLAGS, &request), "ioctl SIOCGIFFLAGS", "lo");
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
    sys::check(::ioctl(sock.get(), SIOCSIFFLAGS, &request), "ioctl SIOCSIFFLAGS", "lo");
}

}  // namespace isotest::net
