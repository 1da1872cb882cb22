// A minimal /dev: the usual character devices bound from the host (mknod is not allowed in a
// user namespace), a private devpts, fresh /dev/shm and /dev/mqueue, and the fd links.
#pragma once

#include <cstdint>
#include <string>

namespace isotest::dev {
// All but /dev/mqueue (its mount point only), which must be mounted from inside the sandbox's
// IPC namespace: mount_mqueue("/dev") then.
void build(const std::string& target, const std::string& host_dev, std::uint64_t tmpfs_size_bytes);
void mount_mqueue(const std::string& dev);
}
