#include "sandbox/descriptors.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/kcmp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <string_view>

#include "isotest/directory.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::descriptors {

namespace {

// close_range(2) with `flags` over every descriptor from `first` up but those in `keep` (negative
// ones ignored): one call per gap, however many are open. False (errno set) at the first call
// that fails.
bool close_range_except(unsigned first, std::vector<int> keep, unsigned flags) {
    std::sort(keep.begin(), keep.end());
    for (const int fd : keep) {
        if (fd < 0 || static_cast<unsigned>(fd) < first) continue;
        const auto number = static_cast<unsigned>(fd);
        if (number > first && ::syscall(SYS_close_range, first, number - 1, flags) != 0) return false;
        first = number + 1;
    }
    return ::syscall(SYS_close_range, first, ~0U, flags) == 0;
}

// Older kernels: each open descriptor, as /proc/self/fd lists them.
void mark_each_cloexec(const std::vector<int>& passed) {
    const sys::UniqueFd listing(
        sys::check(::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open", "/proc/self/fd"));
    std::vector<int> open_fds;
    const bool listed = directory::for_each_entry(listing.get(), [&](const dirent64& entry) {
        const std::string_view name(entry.d_name);
        int fd = -1;
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec == std::errc()) open_fds.push_back(fd);
        return true;
    });
    if (!listed) throw SyscallError("getdents64", "/proc/self/fd", errno);
    for (const int fd : open_fds) {
        if (fd < 3 || fd == listing.get() || std::find(passed.begin(), passed.end(), fd) != passed.end()) continue;
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0) sys::check(::fcntl(fd, F_SETFD, flags | FD_CLOEXEC), "fcntl F_SETFD FD_CLOEXEC");
    }
}

}  // namespace

StreamHandling handling_for(mode_t type, int status_flags) {
    if ((status_flags & O_PATH) == O_PATH) return StreamHandling::null;
    switch (type & S_IFMT) {
        case S_IFREG:
        case S_IFBLK: return StreamHandling::relay;
        case S_IFDIR: return StreamHandling::null;
        default: return StreamHandling::direct;  // terminal, pipe, socket, other character device
    }
}

std::array<StreamHandling, 3> inspect_standard_streams() {
    std::array<StreamHandling, 3> handling{};
    for (int fd = 0; fd < 3; ++fd) {
        struct stat info {};
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fstat(fd, &info) < 0) {
            handling[fd] = StreamHandling::closed;
        } else {
            handling[fd] = handling_for(info.st_mode, flags);
        }
    }
    return handling;
}

void reserve_closed_streams(const std::array<StreamHandling, 3>& handling) {
    for (int fd = 0; fd < 3; ++fd) {
        if (handling[fd] != StreamHandling::closed) continue;
        // The lowest free number: fd itself, as every lower one is open or being reserved.
        const int opened = sys::check(::open("/dev/null", O_RDWR | O_CLOEXEC), "open", "/dev/null");
        if (opened != fd) {
            ::close(opened);
            throw SyscallError("open", "/dev/null onto closed descriptor " + std::to_string(fd), EBADF);
        }
    }
}

void seal_inherited(const std::vector<int>& passed) {
    // CLOSE_RANGE_CLOEXEC needs Linux 5.11; before it, each descriptor on its own.
    if (!close_range_except(3, passed, CLOSE_RANGE_CLOEXEC)) {
        if (errno != ENOSYS && errno != EINVAL) throw SyscallError("close_range", "CLOSE_RANGE_CLOEXEC", errno);
        mark_each_cloexec(passed);
    }
    for (const int fd : passed) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags < 0) throw SyscallError("fcntl F_GETFD", "--pass-fd " + std::to_string(fd), errno);
        sys::check(::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC), "fcntl F_SETFD", "--pass-fd " + std::to_string(fd));
    }
}

bool share_open_file(int a, int b) {
    const pid_t self = ::getpid();
    const long same = ::syscall(SYS_kcmp, self, self, KCMP_FILE, a, b);
    if (same >= 0) return same == 0;
    if (errno == EBADF) return false;
    struct stat first {}, second {};
    return ::fstat(a, &first) == 0 && ::fstat(b, &second) == 0 && first.st_dev == second.st_dev &&
           first.st_ino == second.st_ino;
}

void close_all_but(const std::vector<int>& keep) { close_range_except(0, keep, 0); }

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

}  // namespace isotest::descriptors
