// Small RAII and error-checking helpers around raw Linux system calls.
#pragma once

#include <cerrno>
#include <string>
#include <string_view>
#include <utility>

#include "isotest/error.hpp"

namespace isotest::sys {

// Owns one file descriptor; closes it on destruction.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(std::exchange(other.fd_, -1));
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
};

// pipe2(O_CLOEXEC); throws SyscallError.
Pipe make_pipe(int extra_flags = 0);

// Throws SyscallError(syscall, path, errno) when result < 0; returns result otherwise.
template <typename T>
T check(T result, std::string_view syscall, std::string_view path = {}) {
    if (result < 0) throw SyscallError(std::string(syscall), std::string(path), errno);
    return result;
}

// Writes all of `data`, retrying on EINTR and short writes. Returns false on error (errno set).
bool write_all(int fd, std::string_view data);

// Writes a small file in one write(2) (as /proc/self/uid_map requires). Throws SyscallError.
void write_file(const std::string& path, std::string_view content);

// Reads a whole (small) file; throws SyscallError.
std::string read_file(const std::string& path);

// Monotonic clock in seconds, for durations.
double monotonic_seconds();

}  // namespace isotest::sys
