#include "report/atomic_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <memory>
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

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
    write_file_atomically(path, [&](std::FILE* stream) { std::fwrite(content.data(), 1, content.size(), stream); });
}

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content) {
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

    if (::fchmod(fd.get(), 0644) != 0) fail(path, "chmod " + temp, errno);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(::fdopen(fd.get(), "w"), std::fclose);
    if (!stream) fail(path, "fdopen " + temp, errno);
    fd.release();  // the stream owns it now
    write_content(stream.get());
    if (std::fflush(stream.get()) != 0 || std::ferror(stream.get())) fail(path, "write " + temp, errno ? errno : EIO);
    if (std::fclose(stream.release()) != 0) fail(path, "close " + temp, errno);
    if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, "rename " + temp, errno);
    cleanup.release();
}

}  // namespace isotest::report
