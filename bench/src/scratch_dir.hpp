#pragma once
// A private temporary directory (JUnit files, captured stderr), removed with its contents.

#include <filesystem>

namespace bench {

class ScratchDir {
public:
    explicit ScratchDir(const std::filesystem::path& parent);
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir();

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace bench
