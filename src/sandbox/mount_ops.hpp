// Checked wrappers around the mount-related system calls used to build the sandbox view.
#pragma once

#include <sys/types.h>

#include <string>

namespace isotest::mount_ops {

void mount_fs(const std::string& type, const std::string& target, unsigned long flags,
              const std::string& options);
void bind(const std::string& source, const std::string& target, bool recursive);
// A recursive bind made read-only, nosuid and nodev, submounts included.
void bind_read_only(const std::string& source, const std::string& target);
// The same for file `source` onto entry `name` of directory `dir_fd`, the entry itself whatever
// it is: a symlink is covered, never followed (move_mount without MOVE_MOUNT_T_SYMLINKS), a FIFO
// or socket is covered too. `shown_as` names the entry in errors.
void bind_read_only_onto_entry(const std::string& source, int dir_fd, const std::string& name,
                               const std::string& shown_as);
// The same for `path` onto itself; false, binding nothing, where it does not exist.
bool bind_read_only_if_present(const std::string& path);
// Makes directory `source` (exactly `mode`, see make_dir) and binds it at existing `target`.
void bind_new_dir(const std::string& source, mode_t mode, const std::string& target);
// Sets attributes (MOUNT_ATTR_*) on the mount at `target`, and below it when recursive.
void set_attributes(const std::string& target, unsigned long long attributes, bool recursive);
// Sets some attributes and clears others.
void change_attributes(const std::string& target, unsigned long long set, unsigned long long clear, bool recursive);
// Exactly `mode` where the umask is 0 (mount::assemble clears it); an existing directory gets it too.
void make_dir(const std::string& path, mode_t mode);
void make_dirs(const std::string& path, mode_t mode);   // like mkdir -p
void make_empty_file(const std::string& path);           // a mount point for a file bind
void make_symlink(const std::string& link_target, const std::string& path);
bool is_directory(const std::string& path);

}  // namespace isotest::mount_ops
