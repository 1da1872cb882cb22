#include "sandbox/hermeticity.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "isotest/directory.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::hermeticity {

namespace {

// Overlay uppers mirror real trees; this bounds the recursion (and its open directories and
// stack buffers) for pathological ones, whose cut is then listed rather than dropped.
constexpr std::size_t kMaxDepth = 64;
constexpr const char* kNotScanned = " (written below; deeper levels not scanned)";

void record(WrittenFiles& found, std::size_t limit, std::string path) {
    ++found.total;
    if (found.paths.size() < limit) found.paths.push_back(std::move(path));
}

// same_mount: only entries on this mount count (a stand-in directory may hold mounts, e.g. a
// --tmpfs path, whose files are not writes outside the writable paths; they share its tmpfs,
// so the device cannot tell them apart); 0 means any (an overlay's upper layer holds no
// mounts). Stats only what the directory entry cannot tell: this runs for every upper layer of
// every run.
void walk(int dir_fd, const std::string& prefix, std::size_t depth, WrittenFiles& found, std::size_t limit,
          std::uint64_t same_mount = 0) {
    if (depth == kMaxDepth) {
        bool written_below = false;
        directory::for_each_entry(dir_fd, [&](const dirent64&) {
            written_below = true;
            return false;  // one entry tells
        });
        if (written_below) record(found, limit, prefix + kNotScanned);
        return;
    }
    directory::for_each_entry(dir_fd, [&](const dirent64& entry) {
        unsigned char type = entry.d_type;
        struct statx info {};
        // A whiteout needs its device number; a mount of its own, or an unknown type, a stat.
        if (same_mount != 0 || type == DT_CHR || type == DT_UNKNOWN) {
            if (::statx(dir_fd, entry.d_name, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MNT_ID, &info) < 0) return true;
            if (same_mount != 0 && info.stx_mnt_id != same_mount) return true;
            type = IFTODT(info.stx_mode);
        }
        const std::string path = prefix + "/" + entry.d_name;
        if (type == DT_DIR) {
            const sys::UniqueFd child(::openat(dir_fd, entry.d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
            if (child.valid()) walk(child.get(), path, depth + 1, found, limit, same_mount);
            return true;
        }
        // overlayfs records a deletion as a 0:0 character device ("whiteout").
        const bool whiteout = type == DT_CHR && info.stx_rdev_major == 0 && info.stx_rdev_minor == 0;
        record(found, limit, whiteout ? path + " (deleted)" : path);
        return true;
    });
}
}  // namespace

std::vector<std::string> leftover_processes() {
    std::vector<std::string> processes;
    directory::for_each_entry("/proc", [&](const dirent64& entry) {
        const std::string name = entry.d_name;
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit) || name == "1") return true;
        std::ifstream comm("/proc/" + name + "/comm");
        std::string command;
        if (std::getline(comm, command)) processes.push_back(name + " " + command);  // else exited meanwhile
        return true;
    });
    std::sort(processes.begin(), processes.end(), [](const std::string& a, const std::string& b) {
        return std::stol(a) < std::stol(b);
    });
    return processes;
}

WrittenFiles written_files(const mount::FilesystemView& view, std::size_t limit) {
    WrittenFiles found;
    for (const auto& layer : view.overlays) {
        const sys::UniqueFd upper(::openat(view.upper_root.get(), layer.upper_name.c_str(),
                                           O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
        if (upper.valid()) walk(upper.get(), layer.target == "/" ? "" : layer.target, 0, found, limit);
    }
    for (const auto& path : view.stand_in_dirs) {
        const sys::UniqueFd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        struct statx info {};
        if (dir.valid() && ::statx(dir.get(), "", AT_EMPTY_PATH, STATX_MNT_ID, &info) == 0 &&
            (info.stx_mask & STATX_MNT_ID)) {
            walk(dir.get(), path, 0, found, limit, info.stx_mnt_id);
        }
    }
    std::sort(found.paths.begin(), found.paths.end());
    return found;
}

}  // namespace isotest::hermeticity
