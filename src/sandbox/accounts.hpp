// The host's user and group databases as isotest may read them: /etc/passwd and /etc/group only.
// The isotest binary is linked statically, and a static program that follows nsswitch.conf to
// a module such as systemd's or SSSD's loads a second C library into itself (glibc warns at link
// time; getgrouplist through libnss_systemd crashed here). Users and groups from other sources
// are named by number instead.
#pragma once

namespace isotest::accounts {

// Points this process's passwd, group and initgroups lookups at glibc's built-in "files"
// service; idempotent. Call before getpwnam_r, getgrnam_r, getgrouplist and friends.
void use_local_files_only();

}  // namespace isotest::accounts
