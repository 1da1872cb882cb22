#include "sandbox/mount.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "isotest/directory.hpp"
#include "isotest/paths.hpp"
#include "sandbox/dev.hpp"
#include "sandbox/hosts_file.hpp"
#include "sandbox/kernel_release.hpp"
#include "sandbox/net_responder.hpp"
#include "sandbox/overlay_xattrs.hpp"
#include "sandbox/resolv_conf.hpp"
#include "sandbox/mount_ops.hpp"
#include "sandbox/mount_plan.hpp"

namespace isotest::mount {

namespace {

// Layout of the scratch tmpfs we pivot into first, so the host root stays whole at /oldroot
// (its /tmp included) while the new root is assembled at /newroot. It is the only filesystem
// the test can write to (--rw paths aside), sized by --tmpfs-size: the overlays' upper layers,
// the new root's skeleton, and the fresh places (/tmp, /dev, /dev/shm, --tmpfs paths, the
// test's own results) are all directories of it, the fresh ones bound where the view shows
// them. One cap for everything the test writes, not one per place.
constexpr const char* kOldRoot = "/oldroot";
constexpr const char* kNewRoot = "/newroot";
constexpr const char* kUpperRoot = "/upper";
constexpr const char* kWorkRoot = "/work";
constexpr const char* kFresh = "/fresh";
constexpr const char* kEmptyLayer = "/empty";  // second lower of read-only overlays
constexpr const char* kMountPointLayers = "/mount-points";  // see read_only_overlay()
constexpr const char* kResolvConf = "/etc/resolv.conf";
constexpr const char* kHosts = "/etc/hosts";

std::string host(const std::string& path) { return path == "/" ? kOldRoot : kOldRoot + path; }
std::string inside(const std::string& path) { return path == "/" ? kNewRoot : kNewRoot + path; }
std::string fresh(const std::string& name) { return std::string(kFresh) + "/" + name; }

// The directory that holds the test's own results, inside the view ("/.isotest"); empty if none.
std::string own_results_dir(const SandboxSpec& spec) {
    const std::string& file = spec.report.own_xml_inside;
    return file.empty() ? "" : file.substr(0, file.rfind('/'));
}

// A host directory as the view shows it: its attributes and the mode of our stand-ins for it.
struct HostDir {
    struct stat info;
    mode_t mode;
};

class ViewBuilder {
public:
    ViewBuilder(const SandboxSpec& spec, bool every_id_mapped, overlay_xattrs::Marks marks,
                std::vector<std::string> mount_points, StepReporter& steps)
        : spec_(spec), every_id_mapped_(every_id_mapped), marks_(marks), mount_points_(std::move(mount_points)),
          steps_(steps) {
        // The spec's paths come normalised (cli/finish_spec.hpp), as mount_plan takes them.
        fresh_points_ = spec.tmpfs_paths;
        if (!own_results_dir(spec).empty()) fresh_points_.push_back(own_results_dir(spec));
        // The sandbox's own /etc/hosts (a private network) and /etc/resolv.conf (--record-network)
        // are mounted also where the host has none (bind_own_etc_file): a mount point, then, from
        // a lower layer below the host's.
        for (const auto& [file, own] : {std::pair{kHosts, spec.net != NetMode::host}, std::pair{kResolvConf, spec.record_network}}) {
            struct stat info {};
            if (own && ::lstat(host(file).c_str(), &info) != 0 && errno == ENOENT) missing_file_points_.push_back(file);
        }
    }

    // Shows host `path` at the same place inside: one overlay (writable, or read-only with
    // --fs readonly) where the subtree has no mounts below it; otherwise a tmpfs skeleton that
    // recurses, because overlayfs refuses a lower layer with (locked) submounts. Overlays, not
    // binds, even read-only: an overlay's inodes are its own, so a host Unix socket or FIFO
    // seen through one connects to nothing, and its device nodes are dead (a mount made in a
    // user namespace is nodev).
    void show_host_tree(const std::string& path, const struct stat* known = nullptr) {
        if (is_replaced(path)) return;
        struct stat info {};
        if (known) {
            info = *known;
        } else if (::stat(host(path).c_str(), &info) < 0) {
            return;  // vanished meanwhile
        }
        const bool leaf = !mount_plan::has_mount_below(path, mount_points_);
        const HostDir host_dir = describe(info, host(path));
        make_dir_like(host_dir, inside(path));
        // An empty host directory, or one the invoker may neither read nor search (root's 0700
        // /root to anyone else), shows as a plain directory with the same rights: nothing in it
        // could be reached either way, and it costs no overlay.
        if (leaf && !every_id_mapped_ && (host_dir.mode & 0777) == 0) {
            stand_in_dirs_.push_back(path);
            return;
        }
        if (leaf) {
            // Unprivileged, a top-level directory is also searched for children that need an
            // overlay of their own, in the same pass.
            const bool top_level = std::count(path.begin(), path.end(), '/') == 1;
            const Listing listing = list_host_dir(path, unprivileged_overlay() && top_level);
            if (listing.empty) {
                stand_in_dirs_.push_back(path);
                return;
            }
            show_leaf(path, host_dir);
            split_paths_.insert(split_paths_.end(), listing.writable_foreign_children.begin(),
                                listing.writable_foreign_children.end());
            return;
        }
        const sys::UniqueFd dir(::open(host(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dir.valid()) {
            steps_.note("cannot list " + path + " (" + std::strerror(errno) + "); left empty");
            return;
        }
        directory::for_each_entry(dir.get(), [&](const dirent64& entry) {
            const std::string name = entry.d_name;
            show_host_entry(path == "/" ? "/" + name : path + "/" + name);
            return true;
        });
        for (const std::string& point : missing_file_points_) {
            if (paths::parent_directory(point) == path) mount_ops::make_empty_file(inside(point));
        }
    }

    // Where the host's mounts are not locked (isotest run as root in the user namespace that owns
    // them, before the sandbox's own user namespace exists): one overlay of the host root and
    // one per mount below it, instead of one per top-level directory. Returns false, having
    // mounted nothing, where overlayfs refuses the host root (mounts below it are locked: a
    // container, Bazel's sandbox); the caller then builds the view directory by directory.
    bool show_whole_host_root() {
        struct stat info {};
        if (::stat(kOldRoot, &info) < 0) return false;
        try {
            if (spec_.fs == FsMode::overlay) {
                overlay("/", describe(info, kOldRoot));
            } else {
                read_only_overlay("/");
            }
        } catch (const SyscallError& error) {
            if (error.error_number() != EINVAL) throw;
            steps_.note(std::string("whole-root overlay refused, one per directory instead: ") + error.what());
            return false;
        }
        std::vector<std::string> below = mount_points_;
        // Parents before children: a mount below another goes on top of the other's overlay.
        std::stable_sort(below.begin(), below.end(), [](const std::string& a, const std::string& b) {
            return std::count(a.begin(), a.end(), '/') < std::count(b.begin(), b.end(), '/');
        });
        for (const std::string& path : below) {
            if (path == "/" || is_replaced(path)) continue;
            if (::stat(host(path).c_str(), &info) < 0) continue;  // gone meanwhile, or hidden
            if (S_ISDIR(info.st_mode)) {
                show_leaf(path, describe(info, host(path)));
            } else if (S_ISREG(info.st_mode)) {
                bind_read_only(path);  // a file bound over another (/etc/resolv.conf in a container)
            }
        }
        return true;
    }

    // The writable or fresh mounts on top of the host view, parents first.
    void add_extra_mounts() {
        // Unprivileged, a kept path gets an overlay of its own (see mount_plan.hpp) where the
        // invoker can write it and a write in it would have to copy up a directory the namespace
        // cannot own. Not otherwise: /usr/bin of /usr/bin/python3 cannot be written anyway, and a
        // $HOME that is yours directly in /home copies up fine; each overlay costs a mount and a
        // scan of its upper layer.
        std::vector<std::string> keep, keep_everywhere = split_paths_;
        for (const std::string& path : spec_.keep_paths) {
            const bool everywhere = unprivileged_overlay() && ::access(host(path).c_str(), W_OK) == 0 &&
                                    copy_up_would_fail(path);
            (everywhere ? keep_everywhere : keep).push_back(path);
        }
        for (const auto& extra :
             mount_plan::extra_mounts(spec_.tmpfs_paths, spec_.rw_paths, keep, keep_everywhere)) {
            switch (extra.kind) {
                case mount_plan::ExtraMount::Kind::tmpfs:
                    mount_ops::make_dirs(inside(extra.path), 0755);
                    mount_ops::bind_new_dir(fresh("tmpfs-" + std::to_string(fresh_dirs_++)), 01777,
                                            inside(extra.path));
                    break;
                case mount_plan::ExtraMount::Kind::bind_rw:
                    make_mount_point_like(extra.path);
                    mount_ops::bind(host(extra.path), inside(extra.path), true);
                    // Writable host files, but a host device node below stays dead.
                    mount_ops::set_attributes(inside(extra.path), MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, true);
                    break;
                case mount_plan::ExtraMount::Kind::keep:
                    make_mount_point_like(extra.path);
                    if (struct stat info {}; ::stat(host(extra.path).c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
                        show_leaf(extra.path, describe(info, host(extra.path)));
                    } else {
                        bind_read_only(extra.path);
                    }
                    break;
            }
        }
    }

    std::vector<OverlayLayer> take_overlays() { return std::move(overlays_); }
    std::vector<std::string> take_stand_in_dirs() { return std::move(stand_in_dirs_); }
    std::vector<std::string> take_fresh_points() { return std::move(fresh_points_); }

private:
    static bool is_replaced(const std::string& path) {
        const auto& replaced = mount_plan::replaced_paths();
        return std::any_of(replaced.begin(), replaced.end(),
                           [&](const std::string& tree) { return paths::is_within(path, tree); });
    }

    void show_host_entry(const std::string& path) {
        struct stat info {};
        if (::lstat(host(path).c_str(), &info) < 0) return;  // vanished meanwhile
        if (S_ISDIR(info.st_mode)) {
            show_host_tree(path, &info);
        } else if (S_ISLNK(info.st_mode)) {
            char target[4096];
            const ssize_t length = ::readlink(host(path).c_str(), target, sizeof target - 1);
            if (length < 0) return;
            mount_ops::make_symlink(std::string(target, static_cast<std::size_t>(length)), inside(path));
        } else {
            // A lone file next to mounts (e.g. /.dockerenv): overlayfs cannot cover a file. Anything
            // but a regular file (a host Unix socket, FIFO, device node) stays an empty file: a
            // bind would let the test talk to the host service, reader or device through it.
            mount_ops::make_empty_file(inside(path));
            if (S_ISREG(info.st_mode)) bind_read_only(path);
        }
    }

    void show_leaf(const std::string& path, const HostDir& host_dir) {
        try {
            if (spec_.fs == FsMode::overlay) {
                overlay(path, host_dir);
            } else {
                read_only_overlay(path);
            }
            return;
        } catch (const SyscallError& error) {
            steps_.note(std::string("overlay failed, read-only bind instead: ") + error.what());
        }
        try {
            bind_read_only(path);
        } catch (const SyscallError& error) {
            steps_.note(std::string("left empty: ") + error.what());
        }
    }

    void overlay(const std::string& path, const HostDir& host_dir) {
        const std::string name = std::to_string(overlays_.size());
        const std::string upper = std::string(kUpperRoot) + "/" + name;
        const std::string work = std::string(kWorkRoot) + "/" + name;
        mount_ops::make_dir(work, 0700);
        // The overlay's root takes its owner and mode from its upper directory.
        make_dir_like(host_dir, upper);
        // nodev: made in a user namespace an overlay is nodev anyway; made by root (the whole-root
        // view) it must be said, and the sandbox's user namespace then locks it.
        std::string lower = mount_plan::escape_overlay_path(host(path));
        if (const std::string layer = file_point_layer(path); !layer.empty()) lower += ":" + layer;
        mount_ops::mount_fs("overlay", inside(path), MS_NOSUID | MS_NODEV | host_noexec(path),
                            "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work +
                                overlay_xattrs::mount_option(marks_));
        overlays_.push_back({path, name});
    }

    // An overlay is a mount of its own: a host mount's noexec does not carry over by itself (a
    // bind, as bubblewrap makes, would keep it). Nothing the host forbids to run may run inside.
    unsigned long host_noexec(const std::string& path) const {
        struct statvfs host_mount {};
        return ::statvfs(host(path).c_str(), &host_mount) == 0 && (host_mount.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
    }

    // overlayfs wants two lower layers when there is no upper one: the host's and a second one,
    // empty but for the mount points of fresh places below `path` that the host lacks (--tmpfs
    // paths, /.isotest for the test's own results, file_point_layer's files): nothing could make
    // them in a read-only view.
    void read_only_overlay(const std::string& path) {
        std::string second_layer = file_point_layer(path);
        for (const std::string& point : fresh_points_) {
            struct stat info {};
            if (point == path || !paths::is_within(point, path) || ::lstat(host(point).c_str(), &info) == 0) {
                continue;
            }
            if (second_layer.empty()) second_layer = new_mount_point_layer();
            mount_ops::make_dirs(second_layer + below(point, path), 0755);
        }
        if (second_layer.empty()) second_layer = kEmptyLayer;
        mount_ops::mount_fs("overlay", inside(path), MS_RDONLY | MS_NOSUID | MS_NODEV | host_noexec(path),
                            "lowerdir=" + mount_plan::escape_overlay_path(host(path)) + ":" + second_layer);
    }

    std::string new_mount_point_layer() {
        const std::string layer = std::string(kMountPointLayers) + "/" + std::to_string(mount_point_layers_++);
        mount_ops::make_dir(layer, 0755);
        return layer;
    }

    // `point` as a path below `path`, which holds it: "/etc/resolv.conf" below "/etc" is "/resolv.conf".
    static std::string below(const std::string& point, const std::string& path) {
        return path == "/" ? point : point.substr(path.size());
    }

    // A lower layer for the overlay at `path`, placed below the host's, holding an empty file for
    // each file the sandbox mounts over but the host lacks below `path` (its directories only
    // where the host lacks them too: the host's take precedence). "" where none is needed.
    std::string file_point_layer(const std::string& path) {
        std::string layer;
        for (const std::string& point : missing_file_points_) {
            if (!paths::is_within(point, path) || point == path) continue;
            if (layer.empty()) layer = new_mount_point_layer();
            const std::string file = layer + below(point, path);
            mount_ops::make_dirs(paths::parent_directory(file), 0755);
            mount_ops::make_empty_file(file);
        }
        return layer;
    }

    void bind_read_only(const std::string& path) { mount_ops::bind_read_only(host(path), inside(path)); }

    void make_mount_point_like(const std::string& path) {
        const auto slash = path.rfind('/');
        if (slash > 0) mount_ops::make_dirs(inside(path.substr(0, slash)), 0755);
        if (mount_ops::is_directory(host(path))) {
            mount_ops::make_dirs(inside(path), 0755);
        } else {
            mount_ops::make_empty_file(inside(path));
        }
    }

    bool unprivileged_overlay() const { return spec_.fs == FsMode::overlay && !every_id_mapped_; }

    // A write in `path` copies up `path` and each directory above it up to the overlay root it
    // lies in (a top-level directory, or one with an overlay of its own like /var/tmp: never
    // copied up). Copy-up recreates each with its owner and group, which fails (EOVERFLOW) for
    // an id the namespace does not map: anyone but us.
    bool copy_up_would_fail(const std::string& path) const {
        for (std::string dir = path; std::count(dir.begin(), dir.end(), '/') > 1; dir.resize(dir.rfind('/'))) {
            if (std::find(split_paths_.begin(), split_paths_.end(), dir) != split_paths_.end()) return false;
            struct stat info {};
            if (::lstat(host(dir).c_str(), &info) != 0 || info.st_uid != own_uid_ || info.st_gid != own_gid_) return true;
        }
        return false;
    }

    // Whether a host directory is empty (an unreadable one counts as not: its overlay keeps the
    // host's behaviour) and, if asked, its writable foreign children: directories like /var/tmp,
    // owned by someone the namespace does not map yet writable by the invoker. A write below them
    // would copy them up and fail (EOVERFLOW); an overlay of their own makes them overlay roots,
    // which are never copied up. Looked up relative to the open directory, and access(2) asked
    // only where some write bit could let the invoker in.
    struct Listing {
        bool empty = false;
        std::vector<std::string> writable_foreign_children;
    };
    Listing list_host_dir(const std::string& path, bool find_writable_foreign_children) const {
        Listing listing;
        const sys::UniqueFd dir(::open(host(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dir.valid()) return listing;
        bool any_entry = false;
        directory::for_each_entry(dir.get(), [&](const dirent64& entry) {
            any_entry = true;
            if (!find_writable_foreign_children) return false;  // emptiness is all that was asked
            if (entry.d_type != DT_DIR || entry.d_name[0] == '.') return true;
            struct stat info {};
            if (::fstatat(dir.get(), entry.d_name, &info, AT_SYMLINK_NOFOLLOW) != 0 || info.st_uid == own_uid_ ||
                (info.st_mode & (S_IWGRP | S_IWOTH)) == 0) {
                return true;
            }
            if (::faccessat(dir.get(), entry.d_name, W_OK, 0) == 0) {
                listing.writable_foreign_children.push_back(path + "/" + entry.d_name);
            }
            return true;
        });
        listing.empty = !any_entry;
        return listing;
    }

    // A host directory and the mode our directories standing for it get: the host's where the
    // namespace maps every id (isotest run as root), else the invoker's effective rights.
    HostDir describe(const struct stat& info, const std::string& host_path) const {
        if (every_id_mapped_) return {info, static_cast<mode_t>(info.st_mode & 07777)};
        // access(2) answers with the host's view of our groups; our capabilities do not apply
        // to a directory whose owner the namespace does not map.
        const unsigned rights = (::access(host_path.c_str(), R_OK) == 0 ? 4u : 0u) |
                                (::access(host_path.c_str(), W_OK) == 0 ? 2u : 0u) |
                                (::access(host_path.c_str(), X_OK) == 0 ? 1u : 0u);
        return {info, static_cast<mode_t>(mount_plan::effective_mode(info.st_mode, info.st_uid == own_uid_, rights))};
    }

    // Makes (or, for the new root, adjusts) our directory standing for a host directory, with
    // few system calls: this runs for every host directory shown.
    void make_dir_like(const HostDir& host_dir, const std::string& ours) const {
        const struct stat& info = host_dir.info;
        if (!every_id_mapped_ || (info.st_uid == own_uid_ && info.st_gid == own_gid_)) {
            mount_ops::make_dir(ours, host_dir.mode);
            return;
        }
        // chown clears the setuid/setgid bits: those go on after it.
        mount_ops::make_dir(ours, host_dir.mode & 01777);
        sys::check(::chown(ours.c_str(), info.st_uid, info.st_gid), "chown", ours);
        if ((host_dir.mode & 06000) != 0) sys::check(::chmod(ours.c_str(), host_dir.mode), "chmod", ours);
    }

    const SandboxSpec& spec_;
    const bool every_id_mapped_;  // isotest runs as root: the namespace maps every id
    const overlay_xattrs::Marks marks_;  // where the overlays keep their marks (overlay_xattrs.hpp)
    const uid_t own_uid_ = ::geteuid();  // as the namespace sees us (stat answers in its terms)
    const gid_t own_gid_ = ::getegid();
    std::vector<std::string> mount_points_;
    StepReporter& steps_;
    std::vector<OverlayLayer> overlays_;
    std::vector<std::string> split_paths_;
    std::vector<std::string> stand_in_dirs_;
    std::vector<std::string> fresh_points_;  // where fresh places are mounted: --tmpfs paths, /.isotest
    std::vector<std::string> missing_file_points_;  // files mounted over that the host lacks
    std::size_t fresh_dirs_ = 0;             // --tmpfs directories made so far
    std::size_t mount_point_layers_ = 0;
};

void pivot_into(const char* new_root) {
    sys::check(::chdir(new_root), "chdir", new_root);
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves
    // no path back to the host tree.
    sys::check(::syscall(SYS_pivot_root, ".", "."), "pivot_root", new_root);
    sys::check(::umount2(".", MNT_DETACH), "umount2", "old root");
    sys::check(::chdir("/"), "chdir", "/");
}

// Trees tied to the namespaces init is in (/proc to its PID namespace, /sys to the network
// namespace): mounted by init, from inside them, on mount points assemble() made while the new
// root was still writable (--fs readonly).
void mount_namespace_trees(const SandboxSpec& spec, const std::function<void()>& enter_network) {
    mount_ops::mount_fs("proc", inside("/proc"), MS_NOSUID | MS_NODEV | MS_NOEXEC, "");
    // As bubblewrap does: run as root, the sandbox's uid 0 is the host's, and global sysctls and
    // the like would be writable through a fresh /proc.
    // (sysrq-trigger is absent from kernels without CONFIG_MAGIC_SYSRQ.)
    for (const char* global : {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"}) {
        mount_ops::bind_read_only_if_present(inside(global));
    }

    enter_network();
    bool fresh_sysfs = false;
    if (spec.net != NetMode::host) {
        // A sysfs of our own network namespace lists only our interfaces (just lo).
        fresh_sysfs = ::mount("sysfs", inside("/sys").c_str(), "sysfs",
                              MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0;
    }
    if (!fresh_sysfs) mount_ops::bind_read_only(host("/sys"), inside("/sys"));
}

// A file of the view as the test would read it: resolved within the view, never through a magic
// link, and opened only once known to be a regular file (opening a FIFO would block, a device
// node could act), at most `limit` bytes. "" otherwise.
std::string read_in_view(int view_root, const char* path, std::size_t limit) {
    const auto open_in_view = [&](int flags) {
        open_how how{};
        how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
        how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
        return sys::UniqueFd(static_cast<int>(::syscall(SYS_openat2, view_root, path, &how, sizeof how)));
    };
    std::string text;
    struct stat seen {}, opened {};
    const sys::UniqueFd where = open_in_view(O_PATH);
    if (!where.valid() || ::fstat(where.get(), &seen) != 0 || !S_ISREG(seen.st_mode)) return text;
    const sys::UniqueFd file = open_in_view(O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (!file.valid() || ::fstat(file.get(), &opened) != 0 || opened.st_ino != seen.st_ino ||
        opened.st_dev != seen.st_dev) {
        return text;
    }
    if (!sys::read_to_end(file.get(), text, limit)) text.resize(std::min(text.size(), limit));
    return text;
}

// A file of the sandbox's own at /etc/`name` (`content` makes it from the file the test would
// have read there: a symlink's target, as systemd-resolved's stub, followed within the view
// only, at most `limit` bytes), bound read-only over the view's entry itself, never through it:
// a symlink is covered, its target neither followed nor changed; --rw or --tmpfs paths on /etc
// still cover it. Where the host has none, the view got an empty file to mount over
// (ViewBuilder's missing_file_points_); a directory there is left alone.
template <typename Content>
void bind_own_etc_file(const char* name, std::size_t limit, const Content& content, const char* unchanged,
                       StepReporter& steps) {
    const std::string path = std::string("/etc/") + name;
    const sys::UniqueFd view_root(sys::check(::open(kNewRoot, O_PATH | O_DIRECTORY | O_CLOEXEC), "open", kNewRoot));
    open_how how{};
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const sys::UniqueFd etc(static_cast<int>(::syscall(SYS_openat2, view_root.get(), "etc", &how, sizeof how)));
    struct stat info {};
    if (!etc.valid() || ::fstatat(etc.get(), name, &info, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(info.st_mode)) {
        steps.note(path + " is missing or a directory in the view: left as it is, " + unchanged);
        return;
    }
    if (S_ISLNK(info.st_mode)) steps.note(path + " is a symlink in the view: isotest's is mounted over the link itself");
    const std::string own = fresh(name);
    const sys::UniqueFd file(sys::check(::open(own.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), "open", own));
    const std::string text = content(read_in_view(view_root.get(), path.c_str(), limit));
    if (!sys::write_all(file.get(), text)) throw SyscallError("write", own, errno);
    mount_ops::bind_read_only_onto_entry(own, etc.get(), name, path);
}

// --net loopback and none: the sandbox's own /etc/hosts (hosts_file.hpp). Hosts files that block
// lists make run to megabytes; past the limit, the host's entries are cut at a line's end.
void bind_own_hosts_file(const SandboxSpec& spec, StepReporter& steps) {
    constexpr std::size_t kLimit = 16 * 1024 * 1024;
    bind_own_etc_file("hosts", kLimit, [&](std::string host_file) {
        if (host_file.size() == kLimit) host_file.resize(host_file.rfind('\n') + 1);  // npos + 1 == 0
        return hosts_file::content(spec.hostname, host_file);
    }, "localhost and the hostname resolve as the host's file says", steps);
}

// --record-network: the sandbox's own /etc/resolv.conf, asking the responder (resolv_conf.hpp);
// its `search` and `options` lines come from the view's.
void bind_own_resolv_conf(StepReporter& steps) {
    // glibc reads resolv.conf whole; what matters of it (search, options) is a few lines.
    constexpr std::size_t kLimit = 64 * 1024;
    bind_own_etc_file("resolv.conf", kLimit, [](const std::string& view_file) {
        return resolv_conf::content(view_file, net_responder::kResolver);
    }, "lookups unrecorded", steps);
}

// Size in bytes of the tmpfs at `path`; nullopt where it is none.
std::optional<std::uint64_t> tmpfs_bytes(const std::string& path) {
    struct statfs info {};
    if (::statfs(path.c_str(), &info) != 0 || info.f_type != TMPFS_MAGIC) return std::nullopt;
    return static_cast<std::uint64_t>(info.f_blocks) * static_cast<std::uint64_t>(info.f_bsize);
}

// /dev/shm's own size, if it gets a tmpfs of its own (mount_plan::own_shm_size); from within the
// scratch tmpfs, with the host's root at /oldroot.
std::optional<std::uint64_t> shm_size(const SandboxSpec& spec) {
    return mount_plan::own_shm_size(spec.shm_size_bytes, spec.tmpfs_size_bytes, tmpfs_bytes(host("/dev/shm")),
                                    tmpfs_bytes("/").value_or(0));
}

}  // namespace

// Directories are made with exactly the mode asked for, without a chmod after each mkdir; the
// test gets the caller's umask back.
class ClearedUmask {
public:
    ClearedUmask() : saved_(::umask(0)) {}
    ClearedUmask(const ClearedUmask&) = delete;
    ClearedUmask& operator=(const ClearedUmask&) = delete;
    ~ClearedUmask() { ::umask(saved_); }

private:
    mode_t saved_;
};

FilesystemView assemble(const SandboxSpec& spec, const Privilege& privilege, StepReporter& steps) {
    const ClearedUmask cleared_umask;
    std::vector<std::string> mount_points;
    overlay_xattrs::Marks marks = overlay_xattrs::Marks::user;
    steps.run("mount: private propagation, scratch tmpfs", [&] {
        // Nothing we mount may propagate back to the host.
        sys::check(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), "mount --make-rprivate", "/");
        mount_points = mount_plan::parse_mount_points(sys::read_file("/proc/self/mountinfo"));
        mount_ops::mount_fs("tmpfs", "/tmp", MS_NOSUID | MS_NODEV,
                            spec.tmpfs_size_bytes ? "mode=0755,size=" + std::to_string(*spec.tmpfs_size_bytes)
                                                  : std::string("mode=0755"));
        mount_ops::make_dir(std::string("/tmp") + kOldRoot, 0755);
        sys::check(::syscall(SYS_pivot_root, "/tmp", (std::string("/tmp") + kOldRoot).c_str()), "pivot_root", "/tmp");
        sys::check(::chdir("/"), "chdir", "/");
        for (const char* dir : {kNewRoot, kUpperRoot, kWorkRoot, kFresh, kEmptyLayer, kMountPointLayers}) {
            mount_ops::make_dir(dir, 0755);
        }
        if (spec.fs == FsMode::overlay) marks = overlay_xattrs::choose(overlay_xattrs::probe(kUpperRoot));
    });
    if (marks == overlay_xattrs::Marks::trusted) {
        steps.note("overlay: tmpfs keeps no user.* xattrs here (Linux < 6.6): trusted.* ones instead");
    } else if (marks == overlay_xattrs::Marks::none) {
        steps.note("overlay: " + overlay_xattrs::limitation(kernel_release::running()));
    }

    ViewBuilder builder(spec, privilege.every_id_mapped, marks, std::move(mount_points), steps);
    steps.run(spec.fs == FsMode::overlay ? "mount: host view (overlay)" : "mount: host view (read-only)", [&] {
        if (privilege.host_mounts_owned && privilege.every_id_mapped && builder.show_whole_host_root()) return;
        // A skeleton of the host root on the scratch tmpfs; bound onto itself to be a mount
        // (pivot_root's new root must be one).
        mount_ops::bind(kNewRoot, kNewRoot, false);
        builder.show_host_tree("/");
    });
    steps.run("mount: /tmp /dev", [&] {
        // Existing where the whole-root overlay shows the host's; made on the skeleton otherwise.
        mount_ops::make_dirs(inside("/proc"), 0555);
        mount_ops::make_dirs(inside("/sys"), 0555);
        mount_ops::make_dirs(inside("/tmp"), 01777);
        mount_ops::bind_new_dir(fresh("tmp"), 01777, inside("/tmp"));
        dev::build(inside("/dev"), host("/dev"), kFresh, privilege.host_mounts_owned, shm_size(spec),
                   spec.devices);
    });
    if (spec.net != NetMode::host) steps.run("mount: /etc/hosts", [&] { bind_own_hosts_file(spec, steps); });
    if (spec.record_network) steps.run("mount: /etc/resolv.conf", [&] { bind_own_resolv_conf(steps); });
    steps.run("mount: --rw, --tmpfs and kept paths", [&] {
        builder.add_extra_mounts();
        if (const std::string dir = own_results_dir(spec); !dir.empty()) {
            // Exists already where the host root is a read-only overlay (see read_only_overlay()).
            mount_ops::make_dirs(inside(dir), 0755);
            mount_ops::bind_new_dir(fresh("results"), 0777, inside(dir));
        }
        if (spec.fs == FsMode::readonly) {
            mount_ops::set_attributes(kNewRoot, MOUNT_ATTR_RDONLY, false);
            mount_ops::set_attributes(inside("/dev"), MOUNT_ATTR_RDONLY, false);
        }
    });

    FilesystemView view;
    view.overlays = builder.take_overlays();
    view.stand_in_dirs = builder.take_stand_in_dirs();
    view.own_mount_points = builder.take_fresh_points();
    view.upper_root = sys::UniqueFd(sys::check(::open(kUpperRoot, O_RDONLY | O_DIRECTORY | O_CLOEXEC), "open", kUpperRoot));
    return view;
}

void enter(const SandboxSpec& spec, StepReporter& steps, const std::function<void()>& enter_network) {
    steps.run("mount: /proc /sys", [&] { mount_namespace_trees(spec, enter_network); });
    steps.run("mount: pivot_root", [&] { pivot_into(kNewRoot); });
}

}  // namespace isotest::mount
