// What of the caller's open file descriptors reaches the test: stdin, stdout and stderr, each
// giving no more than its open mode, and the descriptors named by --pass-fd. Everything else the
// caller left open (a log file, a directory, a socket to a host service) is close-on-exec in
// the supervisor, so the test's execve drops it.
//
// A standard stream is a way out where reopening it through /proc/self/fd/N gives the test the
// object itself with whatever access its permissions allow: a regular file or block device
// (`isotest -- t < input.txt` could be reopened for writing), a directory (/proc/self/fd/0/..
// leads into the host's tree, below the view), or an O_PATH descriptor. Terminals, pipes,
// sockets and other character devices give nothing more than the stream itself (terminals are
// sealed by the session and seccomp filter, see terminal.hpp).
#pragma once

#include <sys/types.h>

#include <array>
#include <vector>

namespace isotest::descriptors {

enum class StreamHandling {
    closed,  // not open: the test gets it closed too
    direct,  // handed over as it is
    relay,   // a file or block device: the test gets a pipe the supervisor copies through
    null,    // a directory or an O_PATH descriptor: the test gets /dev/null in its place
};

// How a standard stream of this type and open mode (fcntl F_GETFL) reaches the test. Pure.
StreamHandling handling_for(mode_t type, int status_flags);

// The handling of stdin, stdout and stderr as the supervisor finds them.
std::array<StreamHandling, 3> inspect_standard_streams();

// Makes sure descriptors 0-2 are open, so that none of isotest's own pipes lands on a standard
// stream number; the ones opened here (on /dev/null) are `closed` in `handling` and are closed
// again in the test before execve. Throws SyscallError.
void reserve_closed_streams(const std::array<StreamHandling, 3>& handling);

// Marks every descriptor from 3 up close-on-exec but those in `passed` (which stay open
// across execve: the caller gave them to isotest without close-on-exec). Throws SyscallError.
void seal_inherited(const std::vector<int>& passed);

// Whether descriptors `a` and `b` are one open file description, as `2>&1` makes stdout and
// stderr: kcmp(2), or where it is refused (no CONFIG_KCMP, a container's seccomp profile), the
// same object (device and inode). Pure of side effects; false if either is not open.
bool share_open_file(int a, int b);

// Closes every descriptor of this process but those in `keep` (negative entries ignored).
// Best effort: for a process about to outlive its caller's streams (the namespace helper).
void close_all_but(const std::vector<int>& keep);

// Whether `fd` is open in this process.
bool is_open(int fd);

}  // namespace isotest::descriptors
