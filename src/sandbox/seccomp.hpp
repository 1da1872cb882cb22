// The test's seccomp filter: refuses the two ioctls that push input into a terminal as if it
// had been typed, TIOCSTI and TIOCLINUX (its paste-selection subcommands), with EPERM, on any
// terminal whichever way the test reached it. This is the class of bubblewrap's CVE-2017-5226:
// a sandboxed program types a command into the caller's shell, which runs it after the sandbox
// exits. The new session (init.cpp) already makes both fail on the caller's terminal (the
// kernel allows them only on the caller's own controlling terminal); the filter also covers a
// terminal that is nobody's controlling terminal, which the test could make its own with
// TIOCSCTTY, and kernels older than 6.7, where TIOCLINUX's paste needs no privilege. Kernels
// since 6.2 can refuse TIOCSTI outright (dev.tty.legacy_tiocsti=0); isotest does not rely on
// the host having set it.
//
// The command word is compared in its low 32 bits only: the kernel's ioctl takes an unsigned
// int, so a word with high bits set is the same request (flatpak's CVE-2019-10063). Both
// x86-64 system call tables are filtered (and i386's int 0x80 entry), else a test could reach
// ioctl through the other ABI.
//
// A terminal reaches a test only through a descriptor it is given: its standard streams, a
// --pass-fd, or a --dev node (the sandbox's /dev has a private devpts; /dev/tty is nothing
// without a controlling terminal; the host's sockets and other processes are out of reach).
// Where none of those can be a terminal (CTest's and Bazel's pipes and files, CI), the filter
// protects nothing and is not installed: it costs 0.05-0.3 ms of each launch (bench/).
#pragma once

#include <cstddef>
#include <vector>

namespace isotest::seccomp {

// Whether the test can reach a terminal: one of this process's descriptors 0-2 (as the test will
// get them) is a terminal, or any descriptor is passed (--pass-fd: a socket or directory could
// lead to one) or any device (--dev).
bool terminal_within_reach(const std::vector<int>& passed_fds, std::size_t passed_devices);

// Installs the filter on the calling thread (init, just before it starts the test); it is
// inherited by the test and every process the test starts and cannot be removed. Needs
// no_new_privs or CAP_SYS_ADMIN (init has it in the sandbox's user namespace). Returns 0 or an
// errno value; allocates nothing.
int refuse_terminal_injection();

}  // namespace isotest::seccomp
