#include "sandbox/mount_ops.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/syscall.hpp"

namespace isotest::mount_ops {

void mount_fs(const std::string& type, const std::string& target, unsigned long flags,
              const std::string& options) {
    sys::check(::mount(type.c_str(), target.c_str(), type.c_str(), flags,
                       options.empty() ? nullptr : options.c_str()),
               "mount " + type, target);
}

void bind(const std::string& source, const std::string& target, bool recursive) {
    sys::check(::mount(source.c_str(), target.c_str(), nullptr, MS_BIND | (recursive ? MS_REC : 0), nullptr),
               "mount --bind " + source, target);
}

namespace {
constexpr unsigned long long kReadOnlyAttributes = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
}  // namespace

void bind_read_only(const std::string& source, const std::string& target) {
    bind(source, target, true);
    set_attributes(target, kReadOnlyAttributes, true);
}

void bind_read_only_onto_entry(const std::string& source, int dir_fd, const std::string& name,
                               const std::string& shown_as) {
    const sys::UniqueFd tree(sys::check(
        static_cast<int>(::syscall(SYS_open_tree, AT_FDCWD, source.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)),
        "open_tree", source));
    mount_attr attr{};
    attr.attr_set = kReadOnlyAttributes;
    sys::check(::syscall(SYS_mount_setattr, tree.get(), "", AT_EMPTY_PATH, &attr, sizeof attr), "mount_setattr", source);
    sys::check(::syscall(SYS_move_mount, tree.get(), "", dir_fd, name.c_str(), MOVE_MOUNT_F_EMPTY_PATH), "move_mount",
               shown_as);
}

// Not bind() and a catch: the first exception of a static binary costs milliseconds, and this
// absence is an ordinary case on some kernels, met on every launch there.
bool bind_read_only_if_present(const std::string& path) {
    if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
        if (errno == ENOENT) return false;
        throw SyscallError("mount --bind " + path, path, errno);
    }
    set_attributes(path, kReadOnlyAttributes, true);
    return true;
}

void bind_new_dir(const std::string& source, mode_t mode, const std::string& target) {
    make_dir(source, mode);
    bind(source, target, false);
}

void set_attributes(const std::string& target, unsigned long long attributes, bool recursive) {
    change_attributes(target, attributes, 0, recursive);
}

void change_attributes(const std::string& target, unsigned long long set, unsigned long long clear, bool recursive) {
    mount_attr attr{};
    attr.attr_set = set;
    attr.attr_clr = clear;
    // Linux 5.12 and later (kernel_release.hpp): ENOSYS before, which diagnose words as such.
    sys::check(::syscall(SYS_mount_setattr, AT_FDCWD, target.c_str(),
                         AT_SYMLINK_NOFOLLOW | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr),
               "mount_setattr", target);
}

void make_dir(const std::string& path, mode_t mode) {
    if (::mkdir(path.c_str(), mode) == 0) {
        if ((mode & 06000) == 0) return;
    } else if (errno != EEXIST) {
        throw SyscallError("mkdir", path, errno);
    }
    // An existing directory, or bits mkdir does not set (setgid): the mode asked for, exactly.
    sys::check(::chmod(path.c_str(), mode), "chmod", path);
}

// The deepest first: mostly the parents exist (one mkdir, not one per component).
void make_dirs(const std::string& path, mode_t mode) {
    if (::mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return;
    const std::size_t slash = path.rfind('/');
    if (errno != ENOENT || slash == 0 || slash == std::string::npos) throw SyscallError("mkdir", path, errno);
    make_dirs(path.substr(0, slash), mode);
    if (::mkdir(path.c_str(), mode) < 0 && errno != EEXIST) throw SyscallError("mkdir", path, errno);
}

// O_EXCL: an existing file is left unopened; opened for writing through the whole-root overlay,
// a host file would be copied up whole onto the scratch tmpfs (a --rw file as mount point).
void make_empty_file(const std::string& path) {
    sys::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd.valid() && errno != EEXIST) throw SyscallError("create", path, errno);
}

void make_symlink(const std::string& link_target, const std::string& path) {
    sys::check(::symlink(link_target.c_str(), path.c_str()), "symlink", path);
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

}  // namespace isotest::mount_ops
