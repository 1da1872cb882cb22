#include "sandbox/syscall.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstring>
#include <ctime>

namespace isotest {

namespace {
std::string describe(const std::string& syscall, const std::string& path, int error_number) {
    std::string text = syscall;
    if (!path.empty()) text += " " + path;
    return text + ": " + std::strerror(error_number);
}
}  // namespace

SyscallError::SyscallError(const std::string& syscall, const std::string& path, int error_number)
    : Error(describe(syscall, path, error_number)), errno_(error_number) {}

namespace sys {

Pipe make_pipe(int extra_flags) {
    int fds[2];
    check(::pipe2(fds, O_CLOEXEC | extra_flags), "pipe2");
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                // Someone made the description non-blocking (a shared pipe): wait, lose nothing.
                pollfd writable{fd, POLLOUT, 0};
                if (::poll(&writable, 1, -1) >= 0 || errno == EINTR) continue;
            }
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void write_file(const std::string& path, std::string_view content) {
    UniqueFd fd(check(::open(path.c_str(), O_WRONLY | O_CLOEXEC), "open", path));
    const ssize_t n = ::write(fd.get(), content.data(), content.size());
    check(n, "write", path);
    if (static_cast<std::size_t>(n) != content.size()) throw SyscallError("write", path, EIO);
}

bool read_to_end(int fd, std::string& out, std::size_t limit) {
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (static_cast<std::size_t>(n) > limit - out.size()) return false;
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

std::string read_file(const std::string& path) {
    UniqueFd fd(check(::open(path.c_str(), O_RDONLY | O_CLOEXEC), "open", path));
    std::string content;
    if (!read_to_end(fd.get(), content)) throw SyscallError("read", path, errno);
    return content;
}

double monotonic_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace sys
}  // namespace isotest
