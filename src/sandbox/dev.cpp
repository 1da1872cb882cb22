#include "sandbox/dev.hpp"

#include <sys/mount.h>

#include "sandbox/mount_ops.hpp"

namespace isotest::dev {

void build(const std::string& target, const std::string& host_dev, std::uint64_t tmpfs_size_bytes) {
    mount_ops::make_dirs(target, 0755);  // may exist: the whole-root overlay shows the host's
    mount_ops::mount_fs("tmpfs", target, MS_NOSUID, "mode=0755,size=1m");
    for (const char* device : {"null", "zero", "full", "random", "urandom", "tty"}) {
        mount_ops::make_empty_file(target + "/" + device);
        mount_ops::bind(host_dev + "/" + device, target + "/" + device, false);
    }
    mount_ops::make_dir(target + "/pts", 0755);
    mount_ops::mount_fs("devpts", target + "/pts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620");
    mount_ops::make_symlink("pts/ptmx", target + "/ptmx");

    mount_ops::make_symlink("/proc/self/fd", target + "/fd");
    mount_ops::make_symlink("/proc/self/fd/0", target + "/stdin");
    mount_ops::make_symlink("/proc/self/fd/1", target + "/stdout");
    mount_ops::make_symlink("/proc/self/fd/2", target + "/stderr");

    mount_ops::make_dir(target + "/shm", 01777);
    mount_ops::mount_fs("tmpfs", target + "/shm", MS_NOSUID | MS_NODEV,
                        "mode=1777,size=" + std::to_string(tmpfs_size_bytes));
    mount_ops::make_dir(target + "/mqueue", 01777);  // before /dev may turn read-only (--fs readonly)
}

void mount_mqueue(const std::string& dev) {
    // The mqueue filesystem shows the queues of the mounter's IPC namespace only.
    mount_ops::mount_fs("mqueue", dev + "/mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
}

}  // namespace isotest::dev
