#include "sandbox/ns_helper.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sandbox/identity.hpp"
#include "sandbox/net.hpp"
#include "sandbox/net_responder.hpp"

namespace isotest::ns_helper {

namespace {

constexpr std::size_t kMostFds = kMostHeld;  // the most either message carries

// The answer: "ok\t<ms>" with the user namespace (if asked for) then the network namespace (if
// made) attached, or "<errno>\t<syscall>\t<what>" and nothing attached.
void send_answer(int socket_fd, const std::string& text, const int* fds, std::size_t count) {
    iovec data{const_cast<char*>(text.data()), text.size()};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMostFds)] = {};
    if (count > 0) {
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        cmsghdr* header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        std::memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    }
    // Init gone (its setup failed): nobody to tell, and nothing to clean up.
    while (::sendmsg(socket_fd, &message, MSG_NOSIGNAL) < 0 && errno == EINTR) {}
}

void send_failure(int socket_fd, int error_number, const char* syscall, const char* what) {
    send_answer(socket_fd, std::to_string(error_number) + "\t" + syscall + "\t" + what, nullptr, 0);
}

// One message and the descriptors attached to it (appended to `fds`); EINTR is retried.
// Returns recvmsg's result: the length, 0 at end of file, -1 with errno set.
ssize_t receive_with_fds(int socket_fd, char* buffer, std::size_t size, std::vector<sys::UniqueFd>& fds) {
    iovec data{buffer, size};
    msghdr message{};
    message.msg_iov = &data;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMostFds)] = {};
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t length;
    while ((length = ::recvmsg(socket_fd, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {}
    if (length < 0) return length;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        const std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof fd);
            fds.emplace_back(fd);
        }
    }
    return length;
}

}  // namespace

Kept run(const Task& task, int socket_fd) {
    const double start = sys::monotonic_seconds();
    Kept kept;
    // Answered only once our maps are written: until then the supervisor needs us (our /proc
    // entry) to write them, and init must not join our user namespace unmapped.
    const auto fail = [&](int error_number, const char* syscall, const char* what) {
        if (task.released_fd >= 0) identity::wait_for_release(task.released_fd);
        send_failure(socket_fd, error_number, syscall, what);
        return Kept{};
    };
    if (task.join_user_ns_fd >= 0 && ::setns(task.join_user_ns_fd, CLONE_NEWUSER) < 0) {
        return fail(errno, "setns", "the sandbox's user namespace");
    }
    int fds[kMostFds];
    std::size_t count = 0;
    sys::UniqueFd user_ns, net_ns;
    if (task.send_user_ns) {
        user_ns = sys::UniqueFd(::open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC));
        if (!user_ns.valid()) return fail(errno, "open", "/proc/self/ns/user");
        fds[count++] = user_ns.get();
    }
    if (task.net != NetMode::host) {
        if (::unshare(CLONE_NEWNET) < 0) return fail(errno, "unshare", "CLONE_NEWNET");
        if (task.net == NetMode::loopback) {
            try {
                net::bring_up_loopback();
            } catch (const SyscallError& error) {
                return fail(error.error_number(), "bringing up", "lo");
            }
        }
        if (task.respond) {
            // Not being able to record is no reason to stop the run: attempts fail as without it.
            try {
                kept.tun = net_responder::create_interface(task.net == NetMode::loopback);
            } catch (const SyscallError& error) {
                kept.unrecorded = error.what();
            }
        }
        net_ns = sys::UniqueFd(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
        if (!net_ns.valid()) return fail(errno, "open", "/proc/self/ns/net");
        fds[count++] = net_ns.get();
    }
    char text[48];
    std::snprintf(text, sizeof text, "ok\t%.3f", (sys::monotonic_seconds() - start) * 1000.0);
    if (task.released_fd >= 0) identity::wait_for_release(task.released_fd);
    send_answer(socket_fd, text, fds, count);
    return kept;
}

void hold_until_init_exits(int socket_fd) {
    std::vector<sys::UniqueFd> held;
    // Until init is gone: what we hold is closed as we exit.
    while (hold_next(socket_fd, held)) {}
}

void test_is_over(int socket_fd) { ::shutdown(socket_fd, SHUT_WR); }

void wait_for_hangup(int socket_fd) {
    pollfd socket{socket_fd, 0, 0};
    while (!(socket.revents & (POLLHUP | POLLERR | POLLNVAL))) {
        if (::poll(&socket, 1, -1) < 0 && errno != EINTR) return;
    }
}

bool hold_next(int socket_fd, std::vector<sys::UniqueFd>& held) {
    char byte;
    return receive_with_fds(socket_fd, &byte, 1, held) > 0;
}

void hand_over_for_teardown(int socket_fd, const int* fds, std::size_t count) {
    send_answer(socket_fd, "h", fds, count < kMostHeld ? count : kMostHeld);
}

Received receive(int socket_fd, NetMode net, bool expect_user_ns) {
    char text[512];
    std::vector<sys::UniqueFd> fds;
    const ssize_t length = receive_with_fds(socket_fd, text, sizeof text - 1, fds);
    sys::check(length, "recvmsg", "namespace helper");
    if (length == 0) throw Error("namespace helper: exited without an answer");
    const std::string answer(text, static_cast<std::size_t>(length));
    const auto tab = answer.find('\t');
    if (tab == std::string::npos) throw Error("namespace helper: garbled answer");
    if (answer.compare(0, tab, "ok") != 0) {
        const auto second_tab = answer.find('\t', tab + 1);
        const int error_number = std::atoi(answer.c_str());
        throw SyscallError("namespace helper: " + answer.substr(tab + 1, second_tab - tab - 1),
                           second_tab == std::string::npos ? "" : answer.substr(second_tab + 1),
                           error_number > 0 ? error_number : EIO);
    }
    const std::size_t expected = (expect_user_ns ? 1 : 0) + (net != NetMode::host ? 1 : 0);
    if (fds.size() != expected) throw Error("namespace helper: answered without its namespaces");
    Received received;
    received.made_in_ms = std::atof(answer.c_str() + tab + 1);
    if (expect_user_ns) received.user_ns = std::move(fds.front());
    if (net != NetMode::host) {
        sys::check(::setns(fds.back().get(), CLONE_NEWNET), "setns", "the sandbox's network namespace");
    }
    return received;
}

}  // namespace isotest::ns_helper
