#include "sandbox/net_responder.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "sandbox/attempt_log.hpp"
#include "sandbox/channel.hpp"
#include "sandbox/ns_helper.hpp"
#include "sandbox/packets.hpp"

namespace isotest::net_responder {

namespace {

// The interface's own addresses: the source of the test's packets out. Link-local and unique
// local: they name nothing outside.
constexpr const char* kOwnIpv4 = "169.254.0.1";
constexpr const char* kOwnIpv6 = "fd69:736f:7465:7374::1";
constexpr std::size_t kPacketBytes = 65536;
// Packets answered per wake-up before the helper's socket is looked at again.
constexpr int kBatch = 64;

// in6_ifreq (linux/ipv6.h clashes with glibc's netinet/in.h).
struct Ipv6InterfaceAddress {
    in6_addr address;
    std::uint32_t prefix_length;
    int interface_index;
};

sockaddr_in ipv4(const char* address) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    ::inet_pton(AF_INET, address, &result.sin_addr);
    return result;
}

void name_request(ifreq& request) { std::strncpy(request.ifr_name, kInterface, IFNAMSIZ - 1); }

void configure_ipv4(int sock) {
    ifreq request{};
    name_request(request);
    const sockaddr_in own = ipv4(kOwnIpv4);
    std::memcpy(&request.ifr_addr, &own, sizeof own);
    sys::check(::ioctl(sock, SIOCSIFADDR, &request), "ioctl SIOCSIFADDR", kInterface);
    sys::check(::ioctl(sock, SIOCGIFFLAGS, &request), "ioctl SIOCGIFFLAGS", kInterface);
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    sys::check(::ioctl(sock, SIOCSIFFLAGS, &request), "ioctl SIOCSIFFLAGS", kInterface);

    rtentry route{};
    const sockaddr_in any = ipv4("0.0.0.0");
    std::memcpy(&route.rt_dst, &any, sizeof any);
    std::memcpy(&route.rt_genmask, &any, sizeof any);
    route.rt_flags = RTF_UP;
    char device[IFNAMSIZ] = {};
    std::strncpy(device, kInterface, IFNAMSIZ - 1);
    route.rt_dev = device;
    sys::check(::ioctl(sock, SIOCADDRT, &route), "ioctl SIOCADDRT", "default dev isotest0");
}

// The interface is up already (configure_ipv4). A TUN interface is NOARP: no duplicate address
// detection holds the address back.
void configure_ipv6(int index) {
    sys::UniqueFd sock(sys::check(::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET6"));
    Ipv6InterfaceAddress address{};
    ::inet_pton(AF_INET6, kOwnIpv6, &address.address);
    address.prefix_length = 128;
    address.interface_index = index;
    sys::check(::ioctl(sock.get(), SIOCSIFADDR, &address), "ioctl SIOCSIFADDR (IPv6)", kInterface);
    in6_rtmsg route{};
    route.rtmsg_dst_len = 0;
    route.rtmsg_flags = RTF_UP;
    route.rtmsg_metric = 1;
    route.rtmsg_ifindex = index;
    sys::check(::ioctl(sock.get(), SIOCADDRT, &route), "ioctl SIOCADDRT (IPv6)", "default dev isotest0");
}

// --net none: lo is down, so 127.0.0.0/8 and ::1 have no route of their own and would follow
// the default route out through isotest0, where an answer from a loopback address is a martian
// the kernel drops (a connect would hang). Reject routes make them fail at once, unrecorded
// (127.0.0.1: EHOSTUNREACH, where the sandbox without isotest0 says ENETUNREACH; ::1:
// EADDRNOTAVAIL, as without).
void reject_loopback(int sock) {
    rtentry route{};
    const sockaddr_in loopback = ipv4("127.0.0.0");
    const sockaddr_in mask = ipv4("255.0.0.0");
    std::memcpy(&route.rt_dst, &loopback, sizeof loopback);
    std::memcpy(&route.rt_genmask, &mask, sizeof mask);
    route.rt_flags = RTF_UP | RTF_REJECT;
    sys::check(::ioctl(sock, SIOCADDRT, &route), "ioctl SIOCADDRT", "unreachable 127.0.0.0/8");
    sys::UniqueFd sock6(sys::check(::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET6"));
    in6_rtmsg route6{};
    route6.rtmsg_dst = in6addr_loopback;
    route6.rtmsg_dst_len = 128;
    route6.rtmsg_flags = RTF_UP | RTF_REJECT;
    route6.rtmsg_metric = 1;
    sys::check(::ioctl(sock6.get(), SIOCADDRT, &route6), "ioctl SIOCADDRT (IPv6)", "unreachable ::1");
}

class Responder {
public:
    Responder(int tun, sys::UniqueFd channel, double start_seconds)
        : tun_(tun), channel_(std::move(channel)), outbox_(channel_.get()), start_(start_seconds) {}

    // Answers what is queued, at most `most` packets; false once the queue is empty.
    bool answer(int most) {
        for (int i = 0; i < most; ++i) {
            const ssize_t length = ::read(tun_, buffer_.data(), buffer_.size());
            if (length < 0) {
                if (errno == EINTR) continue;
                outbox_.flush();
                return false;  // EAGAIN: nothing more queued
            }
            const auto response = packets::respond({buffer_.data(), static_cast<std::size_t>(length)});
            if (!response.reply.empty()) {
                while (::write(tun_, response.reply.data(), response.reply.size()) < 0 && errno == EINTR) {}
            }
            if (response.attempt) record(*response.attempt);
        }
        outbox_.flush();
        return true;
    }

    // Init has exited: the counts of what was seen again, how many were not listed.
    void finish() {
        while (answer(kBatch)) {}
        auto& entries = log_.entries();
        for (std::size_t index = 0; index < entries.size(); ++index) {
            if (entries[index].count != entries[index].count_sent) send(index);
        }
        if (log_.unlisted() > 0) outbox_.add(channel::NetworkUnlisted{log_.unlisted()});
        outbox_.flush();
        channel_.reset();
    }

private:
    void record(const packets::Attempt& attempt) {
        if (log_.add(attempt, sys::monotonic_seconds() - start_) == attempt_log::Seen::first) {
            send(log_.entries().size() - 1);  // as it happens, for -v
        }
    }

    // By its place in the log: the supervisor's key for the later count.
    void send(std::size_t index) {
        attempt_log::Entry& entry = log_.entries()[index];
        outbox_.add(channel::NetworkAttempt{index, entry.attempt, entry.first_seconds, entry.count});
        entry.count_sent = entry.count;
    }

    int tun_;
    sys::UniqueFd channel_;
    channel::Outbox outbox_;
    double start_;
    attempt_log::Log log_;
    std::vector<std::uint8_t> buffer_ = std::vector<std::uint8_t>(kPacketBytes);
};

// Before the first packet: the helper needs no privilege to read and write the interface, hold
// the namespaces it was handed, and write the channel. Run as root it is host root's uid in a
// user namespace that maps every id; without capabilities, and unable to gain any, a flaw in
// packet parsing leaves an attacker nothing it could not do from the test. Best effort.
void drop_privileges() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3] = {};
    ::syscall(SYS_capset, &header, none);
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

}  // namespace

sys::UniqueFd create_interface(bool loopback_up) {
    sys::UniqueFd tun(sys::check(::open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK), "open", "/dev/net/tun"));
    ifreq request{};
    name_request(request);
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    sys::check(::ioctl(tun.get(), TUNSETIFF, &request), "ioctl TUNSETIFF", kInterface);
    sys::UniqueFd sock(sys::check(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket", "AF_INET"));
    configure_ipv4(sock.get());
    sys::check(::ioctl(sock.get(), SIOCGIFINDEX, &request), "ioctl SIOCGIFINDEX", kInterface);
    configure_ipv6(request.ifr_ifindex);
    if (!loopback_up) reject_loopback(sock.get());
    // Persistent: closing the last descriptor (the helper's exit) leaves the device to the
    // network namespace's own teardown, batched with lo's in the kernel's cleanup work, instead
    // of unregistering it there and then, RTNL held through an RCU grace period that the next
    // launch's new network namespace would queue behind. Only now: should a step above fail,
    // closing the descriptor takes the half-made interface and its routes away (a persistent one
    // nobody reads would swallow every packet: connections would hang, not fail).
    sys::check(::ioctl(tun.get(), TUNSETPERSIST, 1), "ioctl TUNSETPERSIST", kInterface);
    return tun;
}

void serve(sys::UniqueFd tun, int helper_socket, sys::UniqueFd channel, double start_seconds) {
    drop_privileges();
    Responder responder(tun.get(), std::move(channel), start_seconds);
    std::vector<sys::UniqueFd> held;
    for (;;) {
        pollfd fds[2] = {{helper_socket, POLLIN, 0}, {tun.get(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents & POLLIN) responder.answer(kBatch);
        if (fds[0].revents && !ns_helper::hold_next(helper_socket, held)) break;
    }
    responder.finish();
    ns_helper::wait_for_hangup(helper_socket);  // holding the namespaces until init is gone
}

}  // namespace isotest::net_responder
