#include "sandbox/hermeticity.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>

namespace isotest::hermeticity {

namespace {
using DirPtr = std::unique_ptr<DIR, int (*)(DIR*)>;

constexpr std::size_t kListingBuffer = 4096;
// Room left for one more entry (a 255-byte name): with that much unused, getdents64 reached the
// end of the directory, and asking again would only return 0.
constexpr std::size_t kRoomForAnEntry = sizeof(dirent64) + 256;

// same_device: only entries on this device count (a stand-in directory may hold mounts, e.g. a
// --tmpfs path, whose files are not writes outside the writable paths); 0 means any (an
// overlay's upper layer holds no mounts). Reads the directory with getdents64 into the stack and
// stats only what the directory entry cannot tell: this runs for every upper layer of every run.
void walk(int dir_fd, const std::string& prefix, std::size_t depth, WrittenFiles& found, std::size_t limit,
          dev_t same_device = 0) {
    if (depth > 64) return;  // overlay uppers mirror real trees; this bounds pathological ones
    alignas(dirent64) char buffer[kListingBuffer];
    for (;;) {
        const ssize_t length = ::getdents64(dir_fd, buffer, sizeof buffer);
        if (length <= 0) return;
        for (ssize_t offset = 0; offset < length;) {
            const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
            offset += entry->d_reclen;
            const std::string_view name(entry->d_name);
            if (name == "." || name == "..") continue;
            unsigned char type = entry->d_type;
            struct stat info {};
            // A whiteout needs its device number; a foreign device, or an unknown type, a stat.
            if (same_device != 0 || type == DT_CHR || type == DT_UNKNOWN) {
                if (::fstatat(dir_fd, entry->d_name, &info, AT_SYMLINK_NOFOLLOW) < 0) continue;
                if (same_device != 0 && info.st_dev != same_device) continue;
                type = IFTODT(info.st_mode);
            }
            const std::string path = prefix + "/" + std::string(name);
            if (type == DT_DIR) {
                const int child = ::openat(dir_fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
                if (child >= 0) {
                    walk(child, path, depth + 1, found, limit, same_device);
                    ::close(child);
                }
                continue;
            }
            // overlayfs records a deletion as a 0:0 character device ("whiteout").
            const bool whiteout = type == DT_CHR && info.st_rdev == makedev(0, 0);
            ++found.total;
            if (found.paths.size() < limit) found.paths.push_back(whiteout ? path + " (deleted)" : path);
        }
        if (sizeof buffer - static_cast<std::size_t>(length) >= kRoomForAnEntry) return;
    }
}
}  // namespace

std::vector<std::string> leftover_processes() {
    std::vector<std::string> processes;
    DirPtr proc(::opendir("/proc"), ::closedir);
    if (!proc) return processes;
    while (const dirent* entry = ::readdir(proc.get())) {
        const std::string name = entry->d_name;
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit) || name == "1") continue;
        std::ifstream comm("/proc/" + name + "/comm");
        std::string command;
        if (!std::getline(comm, command)) continue;  // exited meanwhile
        processes.push_back(name + " " + command);
    }
    std::sort(processes.begin(), processes.end(), [](const std::string& a, const std::string& b) {
        return std::stol(a) < std::stol(b);
    });
    return processes;
}

WrittenFiles written_files(const mount::FilesystemView& view, std::size_t limit) {
    WrittenFiles found;
    for (const auto& layer : view.overlays) {
        const int upper = ::openat(view.upper_root.get(), layer.upper_name.c_str(),
                                   O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (upper < 0) continue;
        walk(upper, layer.target == "/" ? "" : layer.target, 0, found, limit);
        ::close(upper);
    }
    for (const auto& path : view.stand_in_dirs) {
        const int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat info {};
        if (dir < 0) continue;
        if (::fstat(dir, &info) == 0) walk(dir, path, 0, found, limit, info.st_dev);
        ::close(dir);
    }
    std::sort(found.paths.begin(), found.paths.end());
    return found;
}

}  // namespace isotest::hermeticity
