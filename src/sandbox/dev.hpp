// A minimal /dev: the usual character devices (bound from the host's nodes; made with mknod
// where that is allowed: may_make_nodes and root of the initial user namespace), a private
// devpts, fresh /dev/shm and /dev/mqueue, the fd links, and the host devices passed with --dev.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "isotest/spec.hpp"

namespace isotest::dev {
// All but /dev/mqueue (its mount point only), which must be mounted from inside the sandbox's
// IPC namespace: mount_mqueue("/dev") then. /dev and /dev/shm are new directories "dev" and
// "shm" of `fresh_dirs` (on the scratch tmpfs, whose size caps every write) bound at `target`;
// /dev/shm is a tmpfs of its own instead where `shm_size` is given (mount_plan::own_shm_size).
// `devices` (--dev) are bound from below `host_dev`, usable (see dev.cpp).
void build(const std::string& target, const std::string& host_dev, const std::string& fresh_dirs,
           bool may_make_nodes, std::optional<std::uint64_t> shm_size, const std::vector<DeviceBind>& devices);
void mount_mqueue(const std::string& dev);
}
