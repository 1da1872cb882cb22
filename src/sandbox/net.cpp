#include "sandbox/net.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
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

namespace {

// The helper's answer: "ok\t<ms>" with the namespace attached, or "<errno>\t<message>".
void send_answer(int socket_fd, const std::string& text, int attached_fd) {
    iovec data{const_cast<char*>(text.data()), text.size()};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (attached_fd >= 0) {
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(header), &attached_fd, sizeof(int));
    }
    // Init gone (its setup failed): nobody to tell, and nothing to clean up.
    while (::sendmsg(socket_fd, &message, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
}

}  // namespace

void make_namespace_for_sandbox(int user_ns_fd, NetMode mode, int socket_fd) {
    const double start = sys::monotonic_seconds();
    // No exceptions out of here: this is a copy of the supervisor, and nothing may unwind into it.
    const auto failed = [socket_fd](int error_number, const char* syscall, const char* what) {
        send_answer(socket_fd, std::to_string(error_number) + "\t" + syscall + "\t" + what, -1);
    };
    if (user_ns_fd >= 0 && ::setns(user_ns_fd, CLONE_NEWUSER) < 0) {
        return failed(errno, "setns", "the sandbox's user namespace");
    }
    if (::unshare(CLONE_NEWNET) < 0) return failed(errno, "unshare", "CLONE_NEWNET");
    if (mode == NetMode::loopback) {
        try {
            bring_up_loopback();
        } catch (const SyscallError& error) {
            return failed(error.error_number(), "bringing up", "lo");
        }
    }
    const sys::UniqueFd made(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!made.valid()) return failed(errno, "open", "/proc/self/ns/net");
    char text[48];
    std::snprintf(text, sizeof text, "ok\t%.3f", (sys::monotonic_seconds() - start) * 1000.0);
    send_answer(socket_fd, text, made.get());
}

JoinedNamespace join_namespace_from_helper(int socket_fd) {
    char text[512];
    iovec data{text, sizeof text - 1};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t length;
    while ((length = ::recvmsg(socket_fd, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {}
    sys::check(length, "recvmsg", "network namespace helper");
    if (length == 0) throw Error("network namespace: the helper making it exited without an answer");
    text[length] = '\0';
    sys::UniqueFd made;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
            made.reset(fd);
        }
    }
    const std::string answer(text, static_cast<std::size_t>(length));
    const auto tab = answer.find('\t');
    if (tab == std::string::npos) throw Error("network namespace: the helper's answer is garbled");
    if (answer.compare(0, tab, "ok") != 0 || !made.valid()) {
        // "<errno>\t<syscall>\t<what>"
        const auto second_tab = answer.find('\t', tab + 1);
        const int error_number = std::atoi(answer.c_str());
        throw SyscallError("network namespace: " + answer.substr(tab + 1, second_tab - tab - 1),
                           second_tab == std::string::npos ? "" : answer.substr(second_tab + 1),
                           error_number > 0 ? error_number : EIO);
    }
    sys::check(::setns(made.get(), CLONE_NEWNET), "setns", "the sandbox's network namespace");
    return {std::atof(answer.c_str() + tab + 1)};
}

}  // namespace isotest::net
