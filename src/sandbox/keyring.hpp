// Kernel keyrings. The session keyring is inherited across clone(2) and a new user namespace
// does not change it, so without this the test would share the caller's: read the keys that
// Kerberos, ecryptfs or `keyctl` users keep there, and leave keys of its own behind. Init joins
// a fresh anonymous session keyring before the test starts; the kernel frees it, and whatever
// the test linked into it, when the sandbox's last process exits. The user and user-session
// keyrings (@u, @us) and the persistent keyring are looked up per user namespace (Linux 5.3),
// so the sandbox's are its own already and go with it.
#pragma once

namespace isotest::keyring {

// Joins a new, empty session keyring. Throws SyscallError; a kernel without keyrings (ENOSYS)
// has nothing to share and is not an error.
void join_fresh_session_keyring();

}  // namespace isotest::keyring
