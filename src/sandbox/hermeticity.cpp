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

DirPtr open_dir_at(int parent, const char* name) {
    const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return DirPtr(nullptr, ::closedir);
    DIR* dir = ::fdopendir(fd);
    if (!dir) ::close(fd);
    return DirPtr(dir, ::closedir);
}

// same_device: only entries on this device count (a stand-in directory may hold mounts, e.g. a
// --tmpfs path, whose files are not writes outside the writable paths); 0 means any.
void walk(DIR* dir, const std::string& prefix, std::size_t depth, WrittenFiles& found, std::size_t limit,
          dev_t same_device = 0) {
    if (depth > 64) return;  // overlay uppers mirror real trees; this bounds pathological ones
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        struct stat info {};
        if (::fstatat(::dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (same_device != 0 && info.st_dev != same_device) continue;
        const std::string path = prefix + "/" + name;
        if (S_ISDIR(info.st_mode)) {
            if (auto child = open_dir_at(::dirfd(dir), entry->d_name)) {
                walk(child.get(), path, depth + 1, found, limit, same_device);
            }
            continue;
        }
        // overlayfs records a deletion as a 0:0 character device ("whiteout").
        const bool whiteout = S_ISCHR(info.st_mode) && info.st_rdev == makedev(0, 0);
        ++found.total;
        if (found.paths.size() < limit) found.paths.push_back(whiteout ? path + " (deleted)" : path);
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
        auto upper = open_dir_at(view.upper_root.get(), layer.upper_name.c_str());
        if (upper) walk(upper.get(), layer.target == "/" ? "" : layer.target, 0, found, limit);
    }
    for (const auto& path : view.stand_in_dirs) {
        struct stat info {};
        DirPtr dir(::opendir(path.c_str()), ::closedir);
        if (dir && ::fstat(::dirfd(dir.get()), &info) == 0) walk(dir.get(), path, 0, found, limit, info.st_dev);
    }
    std::sort(found.paths.begin(), found.paths.end());
    return found;
}

}  // namespace isotest::hermeticity
