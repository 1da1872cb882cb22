#include "sandbox/dev.hpp"

#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/mount_ops.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::dev {

namespace {

// --dev: each host node (or directory of them) bound at its place, with the host's owner and
// mode. Not nodev: a bind keeps the flags of the host's /dev mount, and a node is opened through
// the mount it is found on — the bind's, not the scratch tmpfs's below it (nodev, and unusable
// for nodes anyway when mounted in a user namespace: SB_I_NODEV). Read-only: the test may use
// the devices, not chmod, rename or replace the host's nodes (root's sandbox maps host root).
// Parent directories are 0755: in a sticky world-writable one, an O_CREAT open of a node owned
// by someone else fails with EACCES (may_create_in_sticky), whatever the node's mode.
void bind_devices(const std::string& target, const std::string& host_dev, const std::vector<DeviceBind>& devices) {
    for (const DeviceBind& device : devices) {
        const std::string source = host_dev + device.host.substr(4), node = target + device.inside.substr(4);
        mount_ops::make_dirs(node.substr(0, node.rfind('/')), 0755);
        if (mount_ops::is_directory(source)) {
            mount_ops::make_dir(node, 0755);
        } else {
            mount_ops::make_empty_file(node);
        }
        mount_ops::bind(source, node, true);
        mount_ops::set_attributes(node, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, true);
    }
}

}  // namespace

void build(const std::string& target, const std::string& host_dev, const std::string& fresh_dirs,
           bool may_make_nodes, std::optional<std::uint64_t> shm_size, const std::vector<DeviceBind>& devices) {
    mount_ops::make_dirs(target, 0755);  // may exist: the whole-root overlay shows the host's
    mount_ops::bind_new_dir(fresh_dirs + "/dev", 0755, target);
    bool made_nodes = false;
    for (const char* device : {"null", "zero", "full", "random", "urandom", "tty"}) {
        const std::string host_node = host_dev + "/" + device, node = target + "/" + device;
        struct stat host {};
        if (may_make_nodes && ::stat(host_node.c_str(), &host) == 0 && S_ISCHR(host.st_mode)) {
            // The same device as the host's node, with its owner and mode: a third of a bind's
            // cost. Refused (EPERM) unless we are root of the initial user namespace: bind then.
            if (::mknod(node.c_str(), host.st_mode, host.st_rdev) == 0) {
                if (host.st_uid != 0 || host.st_gid != 0) {
                    sys::check(::chown(node.c_str(), host.st_uid, host.st_gid), "chown", node);
                }
                made_nodes = true;
                continue;
            }
            if (errno != EPERM) throw SyscallError("mknod", node, errno);
            may_make_nodes = false;
        }
        mount_ops::make_empty_file(node);
        mount_ops::bind(host_node, node, false);
    }
    // The scratch tmpfs is nodev; nodes made on it work only where this mount of it is not.
    if (made_nodes) mount_ops::change_attributes(target, 0, MOUNT_ATTR_NODEV, false);
    mount_ops::make_dir(target + "/pts", 0755);
    mount_ops::mount_fs("devpts", target + "/pts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620");
    mount_ops::make_symlink("pts/ptmx", target + "/ptmx");

    mount_ops::make_symlink("/proc/self/fd", target + "/fd");
    mount_ops::make_symlink("/proc/self/fd/0", target + "/stdin");
    mount_ops::make_symlink("/proc/self/fd/1", target + "/stdout");
    mount_ops::make_symlink("/proc/self/fd/2", target + "/stderr");

    mount_ops::make_dir(target + "/shm", 01777);
    if (shm_size) {
        mount_ops::mount_fs("tmpfs", target + "/shm", MS_NOSUID | MS_NODEV,
                            "mode=1777,size=" + std::to_string(*shm_size));
    } else {
        mount_ops::bind_new_dir(fresh_dirs + "/shm", 01777, target + "/shm");
    }
    mount_ops::make_dir(target + "/mqueue", 01777);  // before /dev may turn read-only (--fs readonly)
    bind_devices(target, host_dev, devices);
}

void mount_mqueue(const std::string& dev) {
    // The mqueue filesystem shows the queues of the mounter's IPC namespace only.
    mount_ops::mount_fs("mqueue", dev + "/mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
}

}  // namespace isotest::dev
