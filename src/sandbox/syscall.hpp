// Small RAII and error-checking helpers around raw Linux system calls.
#pragma once

#include <dirent.h>
#include <sys/time.h>

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
// Appends what is left to read from `fd` to `out`. False on a read error (errno says which), or
// as soon as `out` would grow past `limit` bytes.
bool read_to_end(int fd, std::string& out, std::size_t limit = std::string::npos);

std::string read_file(const std::string& path);

// Monotonic clock in seconds, for durations.
double monotonic_seconds();

// A struct timeval (rusage times) in seconds.
inline double seconds(const timeval& time) { return static_cast<double>(time.tv_sec) + time.tv_usec * 1e-6; }

// Calls visit(entry) for each entry of the open directory `dir_fd` but "." and "..", until it
// returns false. getdents64 into the stack, no DIR allocation, and no last call that could only
// return 0: this runs for many directories of every launch. Returns false if a read failed.
template <typename Visit>
bool for_each_entry(int dir_fd, Visit&& visit) {
    constexpr std::size_t kRoomForAnEntry = sizeof(dirent64) + 256;  // one more 255-byte name
    alignas(dirent64) char buffer[4096];
    for (;;) {
        const ssize_t length = ::getdents64(dir_fd, buffer, sizeof buffer);
        if (length <= 0) return length == 0;
        for (ssize_t offset = 0; offset < length;) {
            const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
            offset += entry->d_reclen;
            const std::string_view name(entry->d_name);
            if (name == "." || name == "..") continue;
            if (!visit(*entry)) return true;
        }
        // With room for another entry left over, the listing reached the end of the directory.
        if (sizeof buffer - static_cast<std::size_t>(length) >= kRoomForAnEntry) return true;
    }
}

}  // namespace isotest::sys
