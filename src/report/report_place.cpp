#include "report/report_place.hpp"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "report/write_failure.hpp"

namespace isotest::report {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxSymlinks = 40;  // the kernel's own limit for one path

UniqueFd open_directory(int at, const fs::path& directory, const std::string& path, const std::string& note = "") {
    UniqueFd fd(::openat(at, directory.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) {
        const int error_number = errno;
        fail_to_write(path, "open directory " + directory.string() + note, error_number,
                      fix_for_directory(error_number, directory.string()));
    }
    return fd;
}

bool on_procfs(int directory) {
    struct statfs info {};
    return ::fstatfs(directory, &info) == 0 && info.f_type == PROC_SUPER_MAGIC;
}

std::string read_link(int directory, const std::string& name, const std::string& path) {
    std::vector<char> buffer(256);
    for (;;) {
        const ssize_t length = ::readlinkat(directory, name.c_str(), buffer.data(), buffer.size());
        if (length < 0) fail_to_write(path, "readlink " + name, errno);
        if (static_cast<std::size_t>(length) < buffer.size()) return std::string(buffer.data(), static_cast<std::size_t>(length));
        buffer.resize(buffer.size() * 2);
    }
}

// One of isotest's open files, reached through a /proc magic link: open it as the kernel
// resolves it (its "target" text may be no path at all, "pipe:[123]").
ReportPlace open_file_of_ours(const ReportPlace& link, const std::string& path) {
    ReportPlace place;
    place.node = UniqueFd(::openat(link.directory.get(), link.name.c_str(), O_PATH | O_CLOEXEC));
    if (place.node.get() < 0) fail_to_write(path, "open", errno);
    struct stat status {};
    if (::fstat(place.node.get(), &status) != 0) fail_to_write(path, "stat", errno);
    if (S_ISDIR(status.st_mode)) fail_to_write(path, "it is a directory", EISDIR, "name a file");
    return place;
}

}  // namespace

ReportPlace find_report_place(const std::string& path) {
    const fs::path target(path);
    if (!target.has_filename()) fail_to_write(path, "not a file name", EISDIR, "name a file");
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) {
        fail_to_write(path, "create directory " + parent.string(), error.value(),
                      fix_for_directory(error.value(), parent.string()));
    }
    ReportPlace place;
    place.directory = open_directory(AT_FDCWD, parent, path);
    place.name = target.filename().string();
    place.directory_name = parent.string();
    for (int links = 0;; ++links) {
        struct stat status {};
        if (::fstatat(place.directory.get(), place.name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) return place;
            fail_to_write(path, "stat " + place.name, errno);
        }
        if (S_ISREG(status.st_mode)) return place;
        if (S_ISDIR(status.st_mode)) {
            fail_to_write(path, links == 0 ? "not a file" : "its symlink leads to a directory", EISDIR,
                          "name a file, e.g. " + (target / "report.xml").string());
        }
        if (!S_ISLNK(status.st_mode)) {
            ReportPlace node;
            node.node = UniqueFd(::openat(place.directory.get(), place.name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
            if (node.node.get() < 0) fail_to_write(path, "open", errno);
            return node;
        }
        if (links == kMaxSymlinks) fail_to_write(path, "follow symlinks", ELOOP);
        if (on_procfs(place.directory.get())) return open_file_of_ours(place, path);
        // Followed as the kernel would: relative to the symlink's own directory.
        const fs::path followed(read_link(place.directory.get(), place.name, path));
        const fs::path directory = followed.has_parent_path() ? followed.parent_path() : fs::path(".");
        place.directory = open_directory(place.directory.get(), directory, path, " (where its symlink leads)");
        place.name = followed.has_filename() ? followed.filename().string() : ".";
        place.directory_name = directory.string();
    }
}

}  // namespace isotest::report
