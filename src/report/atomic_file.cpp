#include "report/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <sys/random.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include "isotest/error.hpp"

namespace isotest::report {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, const std::string& step, int error_number) {
    throw Error("cannot write " + path + ": " + step + ": " +
                std::system_category().message(error_number));
}

// Unlinks the temp file unless it was renamed into place.
class TempFileCleanup {
public:
    TempFileCleanup(int directory, std::string name) : directory_(directory), name_(std::move(name)) {}
    TempFileCleanup(const TempFileCleanup&) = delete;
    TempFileCleanup& operator=(const TempFileCleanup&) = delete;
    ~TempFileCleanup() {
        if (!name_.empty()) ::unlinkat(directory_, name_.c_str(), 0);
    }
    void release() { name_.clear(); }

private:
    int directory_;
    std::string name_;
};

using Stream = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Takes ownership of fd; streams the content; reports any write or close error.
void stream_into(const std::string& path, const std::string& where, FileDescriptor fd,
                 const std::function<void(std::FILE*)>& write_content) {
    Stream stream(::fdopen(fd.get(), "w"), std::fclose);
    if (!stream) fail(path, "fdopen " + where, errno);
    fd.release();  // the stream owns it now
    write_content(stream.get());
    if (std::fflush(stream.get()) != 0 || std::ferror(stream.get())) fail(path, "write " + where, errno ? errno : EIO);
    if (std::fclose(stream.release()) != 0) fail(path, "close " + where, errno);
}

// getrandom(2), not std::random_device: that one probes the CPU (cpuid, a trap into the
// hypervisor on a VM) each time it is made. O_EXCL settles any collision anyway.
std::string random_suffix() {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char entropy[6] = {};
    if (::getrandom(entropy, sizeof entropy, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof entropy)) {
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const auto fallback = static_cast<unsigned long>(now.tv_nsec) ^ (static_cast<unsigned long>(::getpid()) << 30);
        for (std::size_t i = 0; i < sizeof entropy; ++i) entropy[i] = static_cast<unsigned char>(fallback >> (8 * i));
    }
    std::string suffix(sizeof entropy, 'x');
    for (std::size_t i = 0; i < sizeof entropy; ++i) suffix[i] = kAlphabet[entropy[i] % (sizeof kAlphabet - 1)];
    return suffix;
}

}  // namespace

AtomicFileTarget::AtomicFileTarget(std::string path) : path_(std::move(path)) {
    const fs::path target(path_);
    if (!target.has_filename()) fail(path_, "not a file name", EISDIR);

    struct stat existing {};
    if (::stat(path_.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) && !S_ISDIR(existing.st_mode)) {
        in_place_ = FileDescriptor(::open(path_.c_str(), O_PATH | O_CLOEXEC));
        if (in_place_.get() < 0) fail(path_, "open", errno);
        return;
    }

    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) fail(path_, "create directory " + directory.string(), error.value());
    directory_ = FileDescriptor(::open(directory.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (directory_.get() < 0) fail(path_, "open directory " + directory.string(), errno);
    file_name_ = target.filename().string();
}

void AtomicFileTarget::write(const std::function<void(std::FILE*)>& write_content) const {
    if (in_place_.get() >= 0) {
        write_in_place(write_content);
    } else {
        write_by_rename(write_content);
    }
}

void AtomicFileTarget::write_in_place(const std::function<void(std::FILE*)>& write_content) const {
    // Reopening the O_PATH descriptor through /proc writes to the very node opened before the
    // test ran. Non-blocking open: a FIFO nobody reads is an error (ENXIO), not a hang; the
    // writes themselves then block as the reader takes the report in.
    const std::string reopen = "/proc/self/fd/" + std::to_string(in_place_.get());
    FileDescriptor fd(::open(reopen.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) fail(path_, errno == ENXIO ? "open (a FIFO with no reader)" : "open", errno);
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) < 0) fail(path_, "fcntl", errno);
    stream_into(path_, path_, std::move(fd), write_content);
}

void AtomicFileTarget::write_by_rename(const std::function<void(std::FILE*)>& write_content) const {
    std::string temp;
    FileDescriptor fd(-1);
    for (int attempt = 0; fd.get() < 0; ++attempt) {
        temp = "." + file_name_ + "." + random_suffix();
        fd = FileDescriptor(::openat(directory_.get(), temp.c_str(),
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (fd.get() < 0 && (errno != EEXIST || attempt == 100)) fail(path_, "create temporary file " + temp, errno);
    }
    TempFileCleanup cleanup(directory_.get(), temp);
    if (::fchmod(fd.get(), 0644) != 0) fail(path_, "chmod " + temp, errno);
    stream_into(path_, temp, std::move(fd), write_content);
    replace(temp);
    cleanup.release();
}

// Puts the finished temp file in place. Over an existing report, exchange the two and unlink the
// old one rather than rename over it: ext4 treats rename-over as "replace via rename" and
// flushes the new file's data first (auto_da_alloc), which costs ~0.2 ms per test (measured, on
// this project's CI disk); an exchange is just as atomic for readers. Where there is no old
// file, or the filesystem cannot exchange, a plain rename.
void AtomicFileTarget::replace(const std::string& temp) const {
    const int dir = directory_.get();
    struct stat existing {};
    if (::fstatat(dir, file_name_.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(existing.st_mode) &&
        ::renameat2(dir, temp.c_str(), dir, file_name_.c_str(), RENAME_EXCHANGE) == 0) {
        ::unlinkat(dir, temp.c_str(), 0);  // the old report now
        return;
    }
    if (::renameat(dir, temp.c_str(), dir, file_name_.c_str()) != 0) fail(path_, "rename " + temp, errno);
}

void write_file_atomically(const std::string& path, std::string_view content) {
    write_file_atomically(path, [&](std::FILE* stream) { std::fwrite(content.data(), 1, content.size(), stream); });
}

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content) {
    AtomicFileTarget(path).write(write_content);
}

}  // namespace isotest::report
