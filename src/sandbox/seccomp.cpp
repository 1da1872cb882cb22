#include "sandbox/seccomp.hpp"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <iterator>

namespace isotest::seccomp {

namespace {

constexpr unsigned kLowWordOfCommand = offsetof(seccomp_data, args[1]);  // little-endian: low half first
constexpr unsigned kDeny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);

#define ISOTEST_STATEMENT(code, k) BPF_STMT(static_cast<__u16>(code), static_cast<__u32>(k))
#define ISOTEST_JUMP(code, k, yes, no) BPF_JUMP(static_cast<__u16>(code), static_cast<__u32>(k), yes, no)

// Which system calls are ioctl: jumps to the command check (the instruction after this part)
// for those, returns "allow" for the rest.
#if defined(__x86_64__)
constexpr unsigned kX32Bit = 0x40000000;
// Both tables of the x86-64 architecture: ioctl is 16 (64-bit) and 514 (x32, with the x32 bit);
// i386's table, reachable with int 0x80, has it at 54.
constexpr sock_filter kFindIoctl[] = {
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 2, 0),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 6, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    // x86-64: nr without the x32 bit is 16 or 514.
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    ISOTEST_STATEMENT(BPF_ALU | BPF_AND | BPF_K, ~kX32Bit),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 5, 0),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 514, 4, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    // i386: nr 54.
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 54, 1, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
#elif defined(__aarch64__) || defined(__riscv) || defined(__powerpc64__) || defined(__s390x__)
#if defined(__aarch64__)
constexpr unsigned kArch = AUDIT_ARCH_AARCH64;
#elif defined(__riscv)
constexpr unsigned kArch = AUDIT_ARCH_RISCV64;
#elif defined(__powerpc64__)
constexpr unsigned kArch = AUDIT_ARCH_PPC64LE;
#else
constexpr unsigned kArch = AUDIT_ARCH_S390X;
#endif
// The native system call table only (a compat ABI, where there is one, is not filtered: only
// x86-64 is tested here).
constexpr sock_filter kFindIoctl[] = {
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 1, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
#else
#error "isotest's seccomp filter knows no system call table for this architecture"
#endif

// An ioctl: refused if its command word injects input.
constexpr sock_filter kCheckCommand[] = {
    ISOTEST_STATEMENT(BPF_LD | BPF_W | BPF_ABS, kLowWordOfCommand),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0),
    ISOTEST_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    ISOTEST_STATEMENT(BPF_RET | BPF_K, kDeny),
};

#undef ISOTEST_STATEMENT
#undef ISOTEST_JUMP

constexpr auto kProgram = [] {
    std::array<sock_filter, std::size(kFindIoctl) + std::size(kCheckCommand)> program{};
    std::copy(std::begin(kFindIoctl), std::end(kFindIoctl), program.begin());
    std::copy(std::begin(kCheckCommand), std::end(kCheckCommand), program.begin() + std::size(kFindIoctl));
    return program;
}();

}  // namespace

bool terminal_within_reach(const std::vector<int>& passed_fds, std::size_t passed_devices) {
    if (!passed_fds.empty() || passed_devices > 0) return true;
    for (int fd = 0; fd < 3; ++fd) {
        if (::isatty(fd)) return true;
    }
    return false;
}

int refuse_terminal_injection() {
    const sock_fprog program{static_cast<unsigned short>(kProgram.size()), const_cast<sock_filter*>(kProgram.data())};
    if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0) return 0;
    return errno;
}

}  // namespace isotest::seccomp
