#include "host_processes.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace itest {

namespace fs = std::filesystem;

std::vector<pid_t> processes_mentioning(const std::string& marker) {
    std::vector<pid_t> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(name));
        if (pid == ::getpid()) continue;
        // A process that exits between listing and reading simply is not running any more;
        // a zombie has an empty command line.
        std::ifstream cmdline(entry.path() / "cmdline", std::ios::binary);
        std::stringstream content;
        content << cmdline.rdbuf();
        if (content.str().find(marker) != std::string::npos) found.push_back(pid);
    }
    return found;
}

std::string unique_token() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    std::ostringstream token;
    token << ::getpid() << counter++ << (random() % 100000);
    return token.str();
}

}  // namespace itest
