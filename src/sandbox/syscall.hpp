// Small RAII and error-checking helpers around raw Linux system calls.
#pragma once

#include <sys/time.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <utility>

#include "isotest/error.hpp"
#include "isotest/unique_fd.hpp"

namespace isotest::sys {

// The one fd owner (isotest/unique_fd.hpp), by the name the sandbox has always used.
using isotest::UniqueFd;

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

}  // namespace isotest::sys
