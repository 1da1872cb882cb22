// A temporary directory the test owns, removed (with everything in it) when it goes away.
#pragma once

#include <filesystem>
#include <string>

namespace itest {

class ScratchDir {
public:
    // Creates PARENT/isotest-itest-XXXXXX with mkdtemp.
    explicit ScratchDir(const std::filesystem::path& parent);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// A parent outside /tmp, for directories that must not be covered by the sandbox's fresh /tmp.
std::filesystem::path persistent_temp_parent();

// Writes CONTENT to PATH (creating or truncating it); throws on failure.
void write_file(const std::filesystem::path& path, const std::string& content);
// The whole file; throws on failure.
std::string read_file(const std::filesystem::path& path);

}  // namespace itest
