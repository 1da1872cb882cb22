#include "cli/path_rules.hpp"

#include "isotest/error.hpp"
#include "isotest/paths.hpp"

namespace isotest::cli {

namespace {

const char* option_name(PathOption option) {
    switch (option) {
        case PathOption::rw: return "--rw";
        case PathOption::tmpfs: return "--tmpfs";
        case PathOption::keep: return "--keep";
    }
    return "";
}

// The sandbox's own mounts, made after (or over) anything the options put there.
struct OwnPlace {
    const char* tree;
    const char* what;
};
constexpr OwnPlace kOwnPlaces[] = {
    {"/proc", "a fresh /proc of its PID namespace"},
    {"/sys", "its own read-only /sys"},
    {"/dev/pts", "a devpts instance of its own"},
    {"/dev/mqueue", "an mqueue file system of its IPC namespace"},
};

// The fresh /dev's own entries (dev.cpp): a --tmpfs there would only replace one with a directory.
constexpr const char* kOwnDevEntries[] = {"/dev/null",  "/dev/zero",  "/dev/full",  "/dev/random",
                                          "/dev/urandom", "/dev/tty", "/dev/ptmx", "/dev/fd",
                                          "/dev/stdin", "/dev/stdout", "/dev/stderr"};

}  // namespace

void check_path_option(PathOption option, const std::string& path) {
    const std::string given = std::string(option_name(option)) + " " + path;
    for (const OwnPlace& place : kOwnPlaces) {
        if (paths::is_within(path, place.tree)) {
            throw Error(given + ": the sandbox mounts " + place.what + " at " + place.tree +
                        ", over anything put there; drop the option");
        }
    }
    if (path == "/dev") {
        throw Error(given + (option == PathOption::tmpfs ? ": /dev is a fresh tmpfs already"
                                                         : ": /dev is the sandbox's own (null, zero, tty, pts, shm...)") +
                    "; pass host devices into it with --dev PATH");
    }
    for (const char* entry : kOwnDevEntries) {
        if (option == PathOption::tmpfs && paths::is_within(path, entry)) {
            throw Error(given + ": " + entry + " is one of the sandbox's own /dev entries; drop the option");
        }
    }
    // /dev/shm is a fresh tmpfs of plain files: sharing the host's (--rw) or keeping a path of it
    // means what it says. Anything else under /dev is a device or a directory of them.
    if (paths::is_within(path, "/dev") && !paths::is_within(path, "/dev/shm") && option != PathOption::tmpfs) {
        throw Error(given + ": host devices pass into the sandbox's /dev with --dev " + path +
                    (option == PathOption::rw ? " (a --rw bind is nodev: a device on it cannot be opened)"
                                              : " (--keep does not reach /dev)"));
    }
}

void check_tmpfs_against_devices(const std::string& tmpfs, const std::vector<DeviceBind>& devices) {
    for (const DeviceBind& device : devices) {
        if (paths::is_within(tmpfs, device.inside)) {
            throw Error("--tmpfs " + tmpfs + ": --dev puts the host's " + device.inside +
                        " there; drop one of the two options");
        }
        if (paths::is_within(device.inside, tmpfs)) {
            throw Error("--tmpfs " + tmpfs + " would hide --dev " + device.inside + " (or be made by it: --dev makes " +
                        "the directories above a device); drop one of the two options, or give --tmpfs a path "
                        "outside /dev");
        }
    }
}

}  // namespace isotest::cli
