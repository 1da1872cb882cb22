#include "report/write_failure.hpp"

#include <cerrno>
#include <system_error>

#include "isotest/error.hpp"

namespace isotest::report {

void fail_to_write(const std::string& path, const std::string& step, int error_number, const std::string& fix) {
    throw Error("cannot write " + path + ": " + step + ": " + std::system_category().message(error_number) +
                (fix.empty() ? "" : "; fix: " + fix));
}

std::string fix_for_directory(int error_number, const std::string& directory) {
    switch (error_number) {
        case EACCES:
        case EPERM: return "make " + directory + " writable, or write the report elsewhere";
        case EROFS: return directory + " is on a read-only file system: write the report elsewhere";
        case ENOTDIR: return "a component of " + directory + " is a file: write the report elsewhere";
        case ENOENT: return "create " + directory + ", or write the report elsewhere";
        default: return "";
    }
}

}  // namespace isotest::report
