#include "sandbox/keep_writes.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "isotest/directory.hpp"

namespace isotest::keep_writes {

namespace {

constexpr const char* kTree = "root";
constexpr const char* kManifest = "manifest.txt";
constexpr std::size_t kCopyChunk = 64 * 1024;
constexpr std::size_t kManifestFlushBytes = 64 * 1024;
constexpr unsigned kStatMask = STATX_TYPE | STATX_MODE | STATX_SIZE | STATX_BLOCKS | STATX_ATIME | STATX_MTIME |
                               STATX_INO | STATX_MNT_ID | STATX_NLINK;

std::string errno_text(const char* syscall) { return std::string(syscall) + ": " + std::strerror(errno); }

// The destination is full: nothing more can be kept.
bool destination_full(int error_number) { return error_number == ENOSPC || error_number == EDQUOT; }

timespec to_timespec(const statx_timestamp& time) { return {time.tv_sec, static_cast<long>(time.tv_nsec)}; }

// Opens `name` below `dir` as a directory, no symlink followed.
sys::UniqueFd open_dir_at(int dir, const char* name) {
    return sys::UniqueFd(::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// mkdirat, or the directory that is there already (ours from another layer, or one the test put
// into DIR through a --rw path: harmless, it is a directory of DIR's); never a symlink.
sys::UniqueFd make_dir_at(int dir, const char* name, mode_t mode) {
    if (::mkdirat(dir, name, mode) < 0 && errno != EEXIST) return sys::UniqueFd();
    return open_dir_at(dir, name);
}

// Leaves `dir` to be listed again from its start.
bool has_entries(int dir) {
    bool any = false;
    directory::for_each_entry(dir, [&](const dirent64&) {
        any = true;
        return false;
    });
    ::lseek(dir, 0, SEEK_SET);
    return any;
}

class Manifest {
public:
    explicit Manifest(sys::UniqueFd fd) : fd_(std::move(fd)) {
        pending_ =
            "# isotest --keep-writes: KIND<TAB>PATH[<TAB>WHY] per line; PATH as the test saw it. In PATH and WHY\n"
            "# \\\\, \\t, \\n and \\xHH stand for a backslash, a tab, a newline and other bytes below 0x20 or 0x7f.\n"
            "# deleted: the test removed what the host has there; opaque: the test replaced a host directory, whose\n"
            "# contents it no longer saw (what it put there is under root/); not copied: see WHY.\n";
    }

    void add(std::string_view kind, std::string_view path, std::string_view why = {}) {
        pending_ += manifest_line(kind, path, why);
        if (pending_.size() >= kManifestFlushBytes) flush();
    }

    // False where a write failed (errno set): the manifest is incomplete.
    bool flush() {
        const bool written = sys::write_all(fd_.get(), pending_);
        pending_.clear();
        return written;
    }

private:
    sys::UniqueFd fd_;
    std::string pending_;
};

// Where a tree to copy comes from: an overlay's upper layer (whiteouts and opaque directories
// mean deletions there) or a plain directory of the scratch tmpfs (/tmp, a stand-in directory),
// whose entries count only on its own mount.
struct Source {
    bool overlay_layer;
    std::uint64_t same_mount;  // 0: any
};

class Copier {
public:
    // `tree`: DIR/root, where a place's path inside is the copy's path below it.
    // `own_mount_points`: isotest's, not the test's (mount.hpp); left out.
    Copier(Manifest& manifest, Summary& summary, int tree, std::uint64_t byte_budget, std::uint64_t entry_budget,
           const std::vector<std::string>& own_mount_points)
        : manifest_(manifest), summary_(summary), own_mount_points_(own_mount_points), tree_(tree),
          bytes_left_(byte_budget), entries_left_(entry_budget),
          byte_budget_(byte_budget), entry_budget_(entry_budget), buffer_(kCopyChunk) {}

    // Copies the entries of `from` (the place `path` inside) into `to`.
    void copy_dir(int from, int to, const std::string& path, std::size_t depth, const Source& source) {
        if (depth == kMaxDepth) {
            if (has_entries(from)) not_copied(path, "deeper than " + std::to_string(kMaxDepth) +
                                                       " levels of directories: its contents were not copied");
            return;
        }
        directory::for_each_entry(from, [&](const dirent64& entry) {
            copy_entry(from, to, entry.d_name, (path == "/" ? "" : path) + "/" + entry.d_name, depth, source);
            return !stopped_;
        });
    }

    bool stopped() const { return stopped_; }

private:
    void copy_entry(int from, int to, const char* name, const std::string& path, std::size_t depth,
                    const Source& source) {
        struct statx info {};
        if (::statx(from, name, AT_SYMLINK_NOFOLLOW, kStatMask, &info) < 0) {
            return not_copied(path, errno_text("statx"));
        }
        if (source.same_mount != 0 && info.stx_mnt_id != source.same_mount) return;  // a mount of its own
        if ((info.stx_mode & S_IFMT) == S_IFDIR && source.overlay_layer &&
            std::find(own_mount_points_.begin(), own_mount_points_.end(), path) != own_mount_points_.end()) {
            return;
        }
        if (entries_left_ == 0) {
            return stop(path, "the cap of " + std::to_string(entry_budget_) +
                                  " entries (the sandbox's inodes) was reached: it and what follows were not copied");
        }
        --entries_left_;
        const mode_t type = info.stx_mode & S_IFMT;
        const bool whiteout = type == S_IFCHR && info.stx_rdev_major == 0 && info.stx_rdev_minor == 0;
        if (whiteout && source.overlay_layer) {
            ++summary_.deletions;
            return manifest_.add("deleted", path);
        }
        switch (type) {
            case S_IFDIR: return copy_subdir(from, to, name, path, info, depth, source);
            case S_IFREG: return copy_file(from, to, name, path, info);
            case S_IFLNK: return copy_symlink(from, to, name, path, info);
            case S_IFIFO:
            case S_IFSOCK: return make_node(to, name, path, info);
            default:
                return not_copied(path, std::string("a ") + (type == S_IFCHR ? "character" : "block") +
                                            " device " + std::to_string(info.stx_rdev_major) + ":" +
                                            std::to_string(info.stx_rdev_minor) + " (isotest makes no device node)");
        }
    }

    void copy_subdir(int from, int to, const char* name, const std::string& path, const struct statx& info,
                     std::size_t depth, const Source& source) {
        const sys::UniqueFd child(open_dir_at(from, name));
        if (!child.valid()) return not_copied(path, errno_text("open"));
        if (source.overlay_layer && is_opaque(child.get())) {
            ++summary_.opaque;
            manifest_.add("opaque", path);
        }
        const sys::UniqueFd copy(make_dir_at(to, name, 0700));
        if (!copy.valid()) return failed_to_make(path, "mkdir");
        ++summary_.directories;
        copy_dir(child.get(), copy.get(), path, depth + 1, source);
        // Open to the invoker whatever the test made of it: the copy is there to be looked at.
        ::fchmod(copy.get(), (info.stx_mode & 0777) | S_IRWXU);
        set_times(copy.get(), info);
    }

    void copy_file(int from, int to, const char* name, const std::string& path, const struct statx& info) {
        if (info.stx_nlink > 1 && link_to_copy(to, name, info)) return;
        const sys::UniqueFd in(::openat(from, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
        struct stat opened {};
        if (!in.valid() || ::fstat(in.get(), &opened) < 0) return not_copied(path, errno_text("open"));
        if (!S_ISREG(opened.st_mode) || opened.st_ino != info.stx_ino) return not_copied(path, "changed while copied");
        // Holes are kept as holes (SEEK_DATA): what counts is the data, at most what the file occupies.
        const std::uint64_t occupies = std::min<std::uint64_t>(info.stx_size, info.stx_blocks * 512);
        if (occupies > bytes_left_) {
            return stop(path, "the cap of " + std::to_string(byte_budget_) +
                                  " bytes (the sandbox's writes, --tmpfs-size) was reached: it and what follows "
                                  "were not copied");
        }
        const sys::UniqueFd out(::openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!out.valid()) return failed_to_make(path, "open");
        const std::uint64_t copied = copy_data(in.get(), out.get(), occupies);
        if (copied == kFailed || ::ftruncate(out.get(), static_cast<off_t>(info.stx_size)) < 0) {
            return failed_to_make(path, "write");
        }
        bytes_left_ -= copied;
        summary_.bytes += copied;
        ++summary_.files;
        ::fchmod(out.get(), (info.stx_mode & 0777) | S_IRUSR);
        set_times(out.get(), info);
        if (struct stat made {}; info.stx_nlink > 1 && linked_.size() < kMaxLinkedFiles && ::fstat(out.get(), &made) == 0) {
            linked_.insert_or_assign(inode_of(info), LinkedCopy{path, made.st_ino, info.stx_nlink - 1});
        }
    }

    // A file the test gave several names (hard links), met under another name: that name is made
    // a hard link of the copy already made, in DIR too, and costs no bytes. The copy is found by
    // its path below DIR/root, no symlink followed, and linked to only if it is still the file
    // made (its inode). False, linking nothing, where there is none: the caller copies the file.
    bool link_to_copy(int to, const char* name, const struct statx& info) {
        const auto found = linked_.find(inode_of(info));
        if (found == linked_.end()) return false;
        const LinkedCopy& copy = found->second;
        const std::size_t slash = copy.path.rfind('/');
        const std::string parent = slash == 0 ? "." : copy.path.substr(1, slash - 1);
        open_how how{};
        how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        const sys::UniqueFd dir(static_cast<int>(::syscall(SYS_openat2, tree_, parent.c_str(), &how, sizeof how)));
        const char* copy_name = copy.path.c_str() + slash + 1;
        struct stat first {};
        bool linked = dir.valid() && ::fstatat(dir.get(), copy_name, &first, AT_SYMLINK_NOFOLLOW) == 0 &&
                      S_ISREG(first.st_mode) && first.st_ino == copy.copy_inode &&
                      ::linkat(dir.get(), copy_name, to, name, 0) == 0;
        if (struct stat made {}; linked && (::fstatat(to, name, &made, AT_SYMLINK_NOFOLLOW) != 0 ||
                                            made.st_ino != copy.copy_inode)) {
            ::unlinkat(to, name, 0);  // replaced meanwhile by someone else: copied instead
            linked = false;
        }
        if (--found->second.names_left == 0) linked_.erase(found);
        if (linked) ++summary_.hard_links;
        return linked;
    }

    using InodeKey = std::tuple<std::uint32_t, std::uint32_t, std::uint64_t>;
    static InodeKey inode_of(const struct statx& info) {
        return {info.stx_dev_major, info.stx_dev_minor, info.stx_ino};
    }

    static constexpr std::uint64_t kFailed = ~std::uint64_t{0};

    // The data regions of `in` (at most `limit` bytes) into `out` at the same offsets; kFailed on
    // an error (errno set).
    std::uint64_t copy_data(int in, int out, std::uint64_t limit) {
        std::uint64_t copied = 0;
        off_t offset = 0;
        for (;;) {
            const off_t data = ::lseek(in, offset, SEEK_DATA);
            if (data < 0) return errno == ENXIO ? copied : kFailed;  // ENXIO: no data after offset
            const off_t hole = ::lseek(in, data, SEEK_HOLE);
            if (hole < 0) return kFailed;
            for (offset = data; offset < hole;) {
                const std::size_t want = static_cast<std::size_t>(
                    std::min<std::uint64_t>({buffer_.size(), static_cast<std::uint64_t>(hole - offset), limit - copied}));
                if (want == 0) return copied;  // the file grew: nothing of the test runs, so never
                const ssize_t got = ::pread(in, buffer_.data(), want, offset);
                if (got < 0 && errno == EINTR) continue;
                if (got <= 0) return got == 0 ? copied : kFailed;
                if (!write_at(out, buffer_.data(), static_cast<std::size_t>(got), offset)) return kFailed;
                offset += got;
                copied += static_cast<std::uint64_t>(got);
            }
        }
    }

    static bool write_at(int fd, const char* data, std::size_t size, off_t offset) {
        while (size > 0) {
            const ssize_t n = ::pwrite(fd, data, size, offset);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            data += n;
            size -= static_cast<std::size_t>(n);
            offset += n;
        }
        return true;
    }

    void copy_symlink(int from, int to, const char* name, const std::string& path, const struct statx& info) {
        char target[PATH_MAX + 1];
        const ssize_t length = ::readlinkat(from, name, target, sizeof target);
        if (length < 0 || static_cast<std::size_t>(length) == sizeof target) return not_copied(path, errno_text("readlink"));
        target[length] = '\0';
        if (::symlinkat(target, to, name) < 0) return failed_to_make(path, "symlink");
        ++summary_.symlinks;
        const timespec times[2] = {to_timespec(info.stx_atime), to_timespec(info.stx_mtime)};
        ::utimensat(to, name, times, AT_SYMLINK_NOFOLLOW);
    }

    // A FIFO or a socket, as what it is (a socket's inode: nothing listens on it).
    void make_node(int to, const char* name, const std::string& path, const struct statx& info) {
        if (::mknodat(to, name, (info.stx_mode & S_IFMT) | (info.stx_mode & 0777), 0) < 0) {
            return failed_to_make(path, "mknod");
        }
        ++summary_.others;
        const timespec times[2] = {to_timespec(info.stx_atime), to_timespec(info.stx_mtime)};
        ::utimensat(to, name, times, AT_SYMLINK_NOFOLLOW);
    }

    static bool is_opaque(int dir) {
        char value = 0;
        return ::fgetxattr(dir, "user.overlay.opaque", &value, 1) == 1 && value == 'y';
    }

    static void set_times(int fd, const struct statx& info) {
        const timespec times[2] = {to_timespec(info.stx_atime), to_timespec(info.stx_mtime)};
        ::futimens(fd, times);
    }

    void failed_to_make(const std::string& path, const char* syscall) {
        const int error_number = errno;
        const std::string why = error_number == EEXIST
                                    ? std::string("something is there already in DIR (put there through a --rw path?)")
                                    : errno_text(syscall);
        if (destination_full(error_number)) return stop(path, why + ": it and what follows were not copied");
        not_copied(path, why);
    }

    void not_copied(const std::string& path, const std::string& why) {
        ++summary_.not_copied;
        manifest_.add("not copied", path, why);
    }

    void stop(const std::string& path, const std::string& why) {
        not_copied(path, why);
        stopped_ = true;
    }

    Manifest& manifest_;
    Summary& summary_;
    const std::vector<std::string>& own_mount_points_;
    const int tree_;
    std::uint64_t bytes_left_;
    std::uint64_t entries_left_;
    const std::uint64_t byte_budget_;
    const std::uint64_t entry_budget_;
    std::vector<char> buffer_;
    bool stopped_ = false;
    // A file with more names than the one copied: where its copy is, for the others to link to.
    // Forgotten once every name was met; at most kMaxLinkedFiles at once (init's memory: a name
    // of a file past them is copied on its own, bytes counted again).
    struct LinkedCopy {
        std::string path;            // below DIR/root: the first name's path inside
        ino_t copy_inode;            // the copy's, checked before another name is linked to it
        std::uint64_t names_left;    // names not met yet
    };
    std::map<InodeKey, LinkedCopy> linked_;
};

// The directory for `path` (absolute, from the sandbox's layout, not the test's) below the kept
// tree, made as needed.
sys::UniqueFd destination_for(int tree, const std::string& path) {
    sys::UniqueFd dir(::fcntl(tree, F_DUPFD_CLOEXEC, 0));
    std::size_t start = 1;
    while (dir.valid() && start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string name = path.substr(start, end - start);
        if (!name.empty()) dir = make_dir_at(dir.get(), name.c_str(), 0755);
        start = end + 1;
    }
    return dir;
}

// A directory of the view by its path, no component a symlink (the test may have replaced one).
sys::UniqueFd open_in_view(const std::string& path) {
    open_how how{};
    how.flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return sys::UniqueFd(static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how)));
}

std::uint64_t mount_id(int fd) {
    struct statx info {};
    if (::statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &info) != 0 || !(info.stx_mask & STATX_MNT_ID)) return 0;
    return info.stx_mnt_id;
}

std::string counted(std::uint64_t count, const char* one, const char* many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

// Every byte that could end a field or a line, or move a terminal, made visible.
void append_escaped(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
        } else {
            out += c;
        }
    }
}

}  // namespace

std::string manifest_line(std::string_view kind, std::string_view path, std::string_view why) {
    std::string line(kind);
    line += '\t';
    append_escaped(line, path);
    if (!why.empty()) {
        line += '\t';
        append_escaped(line, why);
    }
    return line + '\n';
}

sys::UniqueFd open_destination(const std::string& dir) {
    const std::string named = "--keep-writes " + dir + ": ";
    for (std::size_t slash = dir.find('/', 1); ; slash = dir.find('/', slash + 1)) {
        const std::string prefix = dir.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0777) < 0 && errno != EEXIST) {
            throw Error(named + "cannot make " + prefix + " (" + std::strerror(errno) +
                        "); give a directory you may create, or an empty one");
        }
        if (slash == std::string::npos) break;
    }
    sys::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) {
        throw Error(named + (errno == ENOTDIR ? std::string("not a directory")
                                               : std::string("cannot open it (") + std::strerror(errno) + ")") +
                    "; give a directory that does not exist or is empty");
    }
    if (has_entries(fd.get())) {
        throw Error(named + "not empty; give a directory that does not exist or is empty (the test's writes are "
                            "kept there, and nothing of yours may be mixed up with them)");
    }
    if (::faccessat(fd.get(), ".", W_OK, AT_EACCESS) < 0) {
        throw Error(named + "not writable (" + std::strerror(errno) + "); give a directory you may write");
    }
    return fd;
}

std::string describe(const Summary& summary, const std::string& dir) {
    if (!summary.failure.empty()) return "nothing kept in " + dir + ": " + summary.failure;
    std::string text = "kept in " + dir + ": " + counted(summary.files, "file", "files") + " (" +
                       counted(summary.bytes, "byte", "bytes") + "), " +
                       counted(summary.directories, "directory", "directories") + ", " +
                       counted(summary.symlinks, "symlink", "symlinks");
    if (summary.hard_links > 0) text += ", " + counted(summary.hard_links, "hard link", "hard links");
    if (summary.others > 0) text += ", " + counted(summary.others, "FIFO or socket", "FIFOs or sockets");
    std::vector<std::string> listed;
    if (summary.deletions > 0) listed.push_back(counted(summary.deletions, "deletion", "deletions"));
    if (summary.opaque > 0) listed.push_back(counted(summary.opaque, "replaced directory", "replaced directories"));
    if (summary.not_copied > 0) listed.push_back(counted(summary.not_copied, "entry not copied", "entries not copied"));
    for (std::size_t i = 0; i < listed.size(); ++i) {
        text += (i == 0 ? "; " : i + 1 == listed.size() ? " and " : ", ") + listed[i];
    }
    if (!listed.empty()) text += std::string(" listed in ") + dir + "/" + kManifest;
    if (!summary.manifest_error.empty()) text += std::string("; ") + kManifest + " is incomplete (" + summary.manifest_error + ")";
    return text;
}

Summary keep(const mount::FilesystemView& view, int destination) {
    Summary summary;
    sys::UniqueFd manifest_fd(
        ::openat(destination, kManifest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!manifest_fd.valid()) {
        summary.failure = std::string("creating ") + kManifest + ": " + std::strerror(errno);
        return summary;
    }
    Manifest manifest(std::move(manifest_fd));
    const sys::UniqueFd tree(make_dir_at(destination, kTree, 0755));
    if (!tree.valid()) {
        summary.failure = std::string("creating ") + kTree + ": " + std::strerror(errno);
        return summary;
    }
    // The cap of everything the test could write: the scratch tmpfs holding every upper layer.
    struct statfs scratch {};
    if (::fstatfs(view.upper_root.get(), &scratch) != 0) {
        summary.failure = errno_text("statfs (the sandbox's scratch tmpfs)");
        return summary;
    }
    Copier copier(manifest, summary, tree.get(), static_cast<std::uint64_t>(scratch.f_blocks) * scratch.f_bsize,
                  static_cast<std::uint64_t>(scratch.f_files), view.own_mount_points);
    const auto copy_place = [&](int from, const std::string& path, const Source& source) {
        if (copier.stopped() || !has_entries(from)) return;
        const sys::UniqueFd to(destination_for(tree.get(), path));
        if (!to.valid()) {
            ++summary.not_copied;
            return manifest.add("not copied", path, errno_text("mkdir"));
        }
        copier.copy_dir(from, to.get(), path, 0, source);
    };
    for (const auto& layer : view.overlays) {
        const sys::UniqueFd upper(open_dir_at(view.upper_root.get(), layer.upper_name.c_str()));
        if (upper.valid()) copy_place(upper.get(), layer.target, {true, 0});
    }
    // Only where the place is still isotest's scratch tmpfs: a --rw /tmp is the host's own /tmp.
    struct stat scratch_info {};
    ::fstat(view.upper_root.get(), &scratch_info);
    std::vector<std::string> plain = view.stand_in_dirs;
    plain.push_back("/tmp");
    for (const auto& path : plain) {
        const sys::UniqueFd dir(open_in_view(path));
        struct stat info {};
        if (!dir.valid() || ::fstat(dir.get(), &info) != 0 || info.st_dev != scratch_info.st_dev) continue;
        if (const std::uint64_t mount = mount_id(dir.get()); mount != 0) copy_place(dir.get(), path, {false, mount});
    }
    if (!manifest.flush()) summary.manifest_error = errno_text("write");
    return summary;
}

}  // namespace isotest::keep_writes
