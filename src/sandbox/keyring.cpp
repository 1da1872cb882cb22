#include "sandbox/keyring.hpp"

#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "isotest/error.hpp"

namespace isotest::keyring {

void join_fresh_session_keyring() {
    // A null name: a new anonymous keyring, never one found by name.
    if (::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr) >= 0 || errno == ENOSYS) return;
    const int error = errno;
    if (error == EDQUOT) {
        throw SyscallError("keyctl", "KEYCTL_JOIN_SESSION_KEYRING (a fresh session keyring for the test: each "
                                     "running sandbox holds one key of its user's quota, which is full; raise "
                                     "it with sysctl kernel.keys.maxkeys, see /proc/key-users)", error);
    }
    throw SyscallError("keyctl", "KEYCTL_JOIN_SESSION_KEYRING (a fresh session keyring for the test)", error);
}

}  // namespace isotest::keyring
