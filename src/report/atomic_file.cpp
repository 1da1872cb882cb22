#include "report/atomic_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include "isotest/error.hpp"
#include "report/file_descriptor.hpp"

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
    explicit TempFileCleanup(std::string path) : path_(std::move(path)) {}
    TempFileCleanup(const TempFileCleanup&) = delete;
    TempFileCleanup& operator=(const TempFileCleanup&) = delete;
    ~TempFileCleanup() {
        if (!path_.empty()) ::unlink(path_.c_str());
    }
    void release() { path_.clear(); }

private:
    std::string path_;
};

void write_all(int fd, std::string_view content, const std::string& path, const std::string& temp) {
    while (!content.empty()) {
        const ssize_t written = ::write(fd, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            fail(path, "write " + temp, errno);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
    const fs::path target(path);
    if (!target.has_filename()) fail(path, "not a file name", EISDIR);
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");

    std::error_code error;
    fs::create_directories(directory, error);
    if (error) fail(path, "create directory " + directory.string(), error.value());

    std::string temp = (directory / ("." + target.filename().string() + ".XXXXXX")).string();
    FileDescriptor fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) fail(path, "create temporary file " + temp, errno);
    TempFileCleanup cleanup(temp);

    write_all(fd.get(), content, path, temp);
    if (::fchmod(fd.get(), 0644) != 0) fail(path, "chmod " + temp, errno);
    if (::fsync(fd.get()) != 0) fail(path, "fsync " + temp, errno);
    if (fd.close() != 0) fail(path, "close " + temp, errno);
    if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, "rename " + temp, errno);
    cleanup.release();

    // Make the rename itself durable.
    FileDescriptor directory_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory_fd.get() < 0) fail(path, "open directory " + directory.string(), errno);
    if (::fsync(directory_fd.get()) != 0 && errno != EINVAL) {
        fail(path, "fsync directory " + directory.string(), errno);
    }
}

}  // namespace isotest::report
