// Temporary directories and small file helpers for the security and fault suites.
#pragma once

#include <filesystem>
#include <string>

namespace sectest {

// PARENT/isotest-sec-XXXXXX (mkdtemp), removed with everything in it when it goes away.
class ScratchDir {
public:
    explicit ScratchDir(const std::filesystem::path& parent = "/var/tmp");
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);
// The file's content, or "" when it does not exist.
std::string read_file_if_exists(const std::filesystem::path& path);

}  // namespace sectest
