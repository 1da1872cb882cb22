#include "report/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/temporary_names.hpp"
#include "report/write_failure.hpp"

namespace isotest::report {
namespace {

// Unlinks a temporary name unless it was put in place.
class TemporaryNameCleanup {
public:
    TemporaryNameCleanup(int directory, std::string name) : directory_(directory), name_(std::move(name)) {}
    TemporaryNameCleanup(const TemporaryNameCleanup&) = delete;
    TemporaryNameCleanup& operator=(const TemporaryNameCleanup&) = delete;
    ~TemporaryNameCleanup() {
        if (!name_.empty()) ::unlinkat(directory_, name_.c_str(), 0);
    }
    void release() { name_.clear(); }

private:
    int directory_;
    std::string name_;
};

using Stream = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Streams the content into a duplicate of `fd` (`fd`, and the lock on it, stay the caller's);
// reports any write or close error.
void stream_into(const std::string& path, const std::string& where, int fd,
                 const std::function<void(std::FILE*)>& write_content) {
    UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
    if (copy.get() < 0) fail_to_write(path, "dup " + where, errno);
    Stream stream(::fdopen(copy.get(), "w"), std::fclose);
    if (!stream) fail_to_write(path, "fdopen " + where, errno);
    copy.release();  // the stream owns it now
    write_content(stream.get());
    if (std::fflush(stream.get()) != 0 || std::ferror(stream.get())) fail_to_write(path, "write " + where, errno ? errno : EIO);
    if (std::fclose(stream.release()) != 0) fail_to_write(path, "close " + where, errno);
}

std::string proc_fd(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

// What openat(O_TMPFILE) fails with where the kernel or the file system lacks it.
bool unnamed_files_unsupported(int error_number) {
    return error_number == EOPNOTSUPP || error_number == EISDIR || error_number == EINVAL;
}

}  // namespace

AtomicFileTarget::AtomicFileTarget(std::string path, Staging staging)
    : path_(std::move(path)), place_(find_report_place(path_)) {
    if (place_.in_place()) {
        // Only the permission: a FIFO's reader may come after the test has started.
        if (::faccessat(AT_FDCWD, proc_fd(place_.node.get()).c_str(), W_OK, AT_EACCESS) != 0) {
            fail_to_write(path_, "open for writing", errno, "make it writable, or write the report elsewhere");
        }
        return;
    }
    if (staging == Staging::unnamed) staged_ = make_unnamed_file();
    unnamed_ = staged_.get() >= 0;
    if (!unnamed_) {
        // The check without O_TMPFILE: a named file made and removed at once. Held through the
        // test's run it would sit that long in a directory the test may own.
        const temporary_names::Created probe = temporary_names::create(place_, path_);
        ::unlinkat(place_.directory.get(), probe.name.c_str(), 0);
    }
}

// An unnamed file in the report's directory, locked before it ever has a name (so no later
// writer takes its temporary name for a killed writer's); -1 without O_TMPFILE.
UniqueFd AtomicFileTarget::make_unnamed_file() const {
    UniqueFd file(::openat(place_.directory.get(), ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644));
    if (file.get() < 0) {
        const int error_number = errno;
        if (unnamed_files_unsupported(error_number)) return file;
        fail_to_write(path_, "create a file in " + place_.directory_name, error_number,
                      fix_for_directory(error_number, place_.directory_name));
    }
    if (::flock(file.get(), LOCK_EX | LOCK_NB) != 0) fail_to_write(path_, "flock the new report", errno);
    if (::fchmod(file.get(), 0644) != 0) fail_to_write(path_, "chmod the new report", errno);
    return file;
}

void AtomicFileTarget::write(const std::function<void(std::FILE*)>& write_content) {
    if (place_.in_place()) return write_in_place(write_content);
    if (!unnamed_) return write_named(write_content);
    UniqueFd file = staged_.get() >= 0 ? std::move(staged_) : make_unnamed_file();
    if (file.get() < 0) fail_to_write(path_, "create a file in " + place_.directory_name, EOPNOTSUPP);
    write_unnamed(std::move(file), write_content);
}

void AtomicFileTarget::write_in_place(const std::function<void(std::FILE*)>& write_content) const {
    // Reopening the O_PATH descriptor through /proc writes to the very node opened before the
    // test ran. Appended: an open file of ours (/dev/stdout redirected to a file) already holds
    // the test's output. Non-blocking open: a FIFO nobody reads is an error (ENXIO), not a
    // hang; the writes themselves then block as the reader takes the report in.
    const UniqueFd fd(::open(proc_fd(place_.node.get()).c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) fail_to_write(path_, errno == ENXIO ? "open (a FIFO with no reader)" : "open", errno);
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) < 0) fail_to_write(path_, "fcntl", errno);
    stream_into(path_, path_, fd.get(), write_content);
}

// The content is complete before the file gets any name. Under the target's name when there is
// none; else under a temporary name exchanged with the old file. Only then are the temporary
// names of killed writers looked for: they can only have been left beside an old report, and a
// new report is then spared the lookups. A temporary name can vanish before the exchange only
// if a concurrent writer of the same report, removing stale names, raced another one
// (temporary_names.cpp): then linked again.
void AtomicFileTarget::write_unnamed(UniqueFd file, const std::function<void(std::FILE*)>& write_content) const {
    stream_into(path_, "the new report", file.get(), write_content);
    const std::string linkable = proc_fd(file.get());
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (::linkat(AT_FDCWD, linkable.c_str(), place_.directory.get(), place_.name.c_str(), AT_SYMLINK_FOLLOW) == 0) return;
        if (errno != EEXIST) fail_to_write(path_, "link " + place_.name, errno);
        temporary_names::remove_stale(place_);
        if (replace(temporary_names::link(place_, linkable, path_))) return;
    }
    fail_to_write(path_, "link " + place_.name, ENOENT);
}

void AtomicFileTarget::write_named(const std::function<void(std::FILE*)>& write_content) const {
    temporary_names::remove_stale(place_);
    const temporary_names::Created created = temporary_names::create(place_, path_);
    TemporaryNameCleanup cleanup(place_.directory.get(), created.name);
    stream_into(path_, created.name, created.fd.get(), write_content);
    cleanup.release();
    if (!replace(created.name)) fail_to_write(path_, "rename " + created.name, ENOENT);
}

// Puts the finished file, now under `temporary`, in place; false if `temporary` vanished first.
// Over an existing report, exchange the two and unlink the old one rather than rename over it:
// ext4 treats rename-over as "replace via rename" and flushes the new file's data first
// (auto_da_alloc), which costs ~0.2 ms per test (measured, on this project's CI disk); an
// exchange is just as atomic for readers. Where there is no old file, or the file system cannot
// exchange, a plain rename.
bool AtomicFileTarget::replace(const std::string& temporary) const {
    const int dir = place_.directory.get();
    struct stat old_report {};
    if (::fstatat(dir, place_.name.c_str(), &old_report, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(old_report.st_mode) &&
        ::renameat2(dir, temporary.c_str(), dir, place_.name.c_str(), RENAME_EXCHANGE) == 0) {
        // The old report is under the temporary name now; unlinked unless a sweep did already
        // and another writer has taken the name since.
        struct stat named {};
        if (::fstatat(dir, temporary.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_ino == old_report.st_ino &&
            named.st_dev == old_report.st_dev) {
            ::unlinkat(dir, temporary.c_str(), 0);
        }
        return true;
    }
    if (::renameat(dir, temporary.c_str(), dir, place_.name.c_str()) == 0) return true;
    const int error_number = errno;
    if (error_number == ENOENT) return false;
    ::unlinkat(dir, temporary.c_str(), 0);
    fail_to_write(path_, "rename " + temporary, error_number);
}

void write_file_atomically(const std::string& path, std::string_view content) {
    write_file_atomically(path, [&](std::FILE* stream) { std::fwrite(content.data(), 1, content.size(), stream); });
}

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content) {
    AtomicFileTarget(path).write(write_content);
}

}  // namespace isotest::report
