#include "scratch_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace bench {

ScratchDir::ScratchDir(const std::filesystem::path& parent) {
    std::string pattern = (parent / "isotest-bench.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno) +
                                 " (choose a writable parent with --scratch DIR)");
    }
    path_ = pattern;
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;  // best effort: a leftover temp dir must not mask the real outcome
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace bench
