#include "cli/device_paths.hpp"

#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "isotest/directory.hpp"
#include "isotest/error.hpp"
#include "isotest/paths.hpp"

namespace isotest::cli {

namespace {

struct GlobResult {
    glob_t result{};
    GlobResult() = default;
    GlobResult(const GlobResult&) = delete;
    GlobResult& operator=(const GlobResult&) = delete;
    ~GlobResult() { ::globfree(&result); }
};

bool is_device(mode_t mode) { return S_ISCHR(mode) || S_ISBLK(mode); }

// Deep enough for /dev/bus/usb/001/002 and /dev/input/by-path/...
constexpr int kMaxDepth = 4;

// Whether directory `path` holds device nodes and nothing else (but directories of them and
// symbolic links, like /dev/dri/by-path): "" if so, else what it holds instead.
std::string what_else_dir_holds(const std::string& path, int depth, bool& any_device) {
    const UniqueFd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid()) return std::string("a directory isotest cannot list (") + std::strerror(errno) + ")";
    std::string other;
    directory::for_each_entry(dir.get(), [&](const dirent64& entry) {
        const std::string child = path + "/" + entry.d_name;
        struct stat info {};
        if (::lstat(child.c_str(), &info) != 0) return true;  // gone meanwhile
        if (is_device(info.st_mode)) {
            any_device = true;
        } else if (S_ISDIR(info.st_mode)) {
            if (depth == kMaxDepth) other = "directories nested deeper than " + std::to_string(kMaxDepth);
            else other = what_else_dir_holds(child, depth + 1, any_device);
        } else if (!S_ISLNK(info.st_mode)) {
            other = "other files (" + child + ")";
        }
        return other.empty();
    });
    return other;
}

// The sandbox's own places in /dev: a host one there would hide it (or, /dev/ptmx, reach the
// host's terminals).
constexpr const char* kOwnPlaces[] = {"/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/ptmx"};

DeviceBind check_device(const std::string& given, const std::string& match) {
    const std::string inside = paths::normalize(match);
    const std::string prefix = "--dev " + given;
    const auto below_dev = [](const std::string& path) { return path != "/dev" && paths::is_within(path, "/dev"); };
    char resolved[PATH_MAX];
    if (!::realpath(inside.c_str(), resolved)) {
        throw Error(prefix + ": " + inside + ": " + std::strerror(errno) + " (is the driver loaded?)");
    }
    const std::string host = resolved;
    if (inside == "/dev" || host == "/dev") {
        throw Error(prefix + ": /dev is the sandbox's own; name the devices to pass (e.g. --dev /dev/net/tun)");
    }
    if (!below_dev(inside) || !below_dev(host)) {
        throw Error(prefix + ": " + (host == inside ? inside : inside + " is " + host) +
                    ", not below /dev; --dev passes host device nodes only (files go through --rw or --keep)");
    }
    for (const char* place : kOwnPlaces) {
        if (paths::is_within(host, place) || paths::is_within(inside, place)) {
            throw Error(prefix + ": the sandbox has its own " + place + "; drop the option");
        }
    }
    struct stat info {};
    if (::stat(host.c_str(), &info) != 0) throw Error(prefix + ": " + host + ": " + std::strerror(errno));
    if (is_device(info.st_mode)) return {host, inside};
    if (S_ISDIR(info.st_mode)) {
        bool any_device = false;
        std::string other = what_else_dir_holds(host, 1, any_device);
        if (other.empty() && !any_device) other = "no device node";
        if (other.empty()) return {host, inside};
        throw Error(prefix + ": directory " + host + " holds " + other +
                    "; --dev takes a device node or a directory of them");
    }
    throw Error(prefix + ": " + host + " is not a device node; --dev takes a device node or a directory of them");
}

}  // namespace

std::vector<DeviceBind> expand_devices(const std::vector<std::string>& patterns, const std::string& cwd) {
    std::vector<DeviceBind> devices;
    for (const std::string& given : patterns) {
        const std::string pattern = !given.empty() && given.front() == '/' ? given : cwd + "/" + given;
        GlobResult matches;
        const int status = ::glob(pattern.c_str(), 0, nullptr, &matches.result);
        if (status == GLOB_NOMATCH) {
            const bool wildcard = given.find_first_of("*?[") != std::string::npos;
            throw Error("--dev " + given + ": " +
                        (wildcard ? "matches nothing on this host" : std::string(std::strerror(ENOENT))) +
                        " (is the driver loaded? see ls /dev)");
        }
        if (status != 0) throw Error("--dev " + given + ": cannot expand it (glob failed: " + std::strerror(errno) + ")");
        for (std::size_t i = 0; i < matches.result.gl_pathc; ++i) {
            devices.push_back(check_device(given, matches.result.gl_pathv[i]));
        }
    }
    std::sort(devices.begin(), devices.end(),
              [](const DeviceBind& a, const DeviceBind& b) { return a.inside < b.inside; });
    std::vector<DeviceBind> outermost;
    for (auto& device : devices) {
        // A directory sorts before what lies in it. Quadratic, but a host has few devices.
        const bool shown = std::any_of(outermost.begin(), outermost.end(), [&](const DeviceBind& kept) {
            return paths::is_within(device.inside, kept.inside);
        });
        if (!shown) outermost.push_back(std::move(device));
    }
    return outermost;
}

}  // namespace isotest::cli
