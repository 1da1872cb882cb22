// Temporary directories the test owns, and small file helpers.
#pragma once

#include <filesystem>
#include <string>

namespace testsupport {

// A parent outside /tmp, for directories that must not be covered by the sandbox's fresh /tmp.
std::filesystem::path persistent_temp_parent();

// PARENT/isotest-test-XXXXXX (mkdtemp), removed with everything in it when it goes away.
class ScratchDir {
public:
    explicit ScratchDir(const std::filesystem::path& parent = persistent_temp_parent());
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Writes CONTENT to PATH (creating or truncating it); throws on failure.
void write_file(const std::filesystem::path& path, const std::string& content);
// The whole file; throws on failure.
std::string read_file(const std::filesystem::path& path);
// The file's content, or "" when it does not exist.
std::string read_file_if_exists(const std::filesystem::path& path);

}  // namespace testsupport
