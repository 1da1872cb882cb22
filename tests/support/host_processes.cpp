#include "host_processes.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace testsupport {

namespace fs = std::filesystem;

namespace {

// A process that exits between listing and reading simply is not running any more; a zombie
// has an empty command line.
std::string command_line(pid_t pid) {
    std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::stringstream content;
    content << cmdline.rdbuf();
    return content.str();
}

}  // namespace

std::vector<pid_t> host_pids() {
    std::vector<pid_t> pids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        pids.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return pids;
}

namespace {

// Each command line is read once: a process of isotest (its init, or the namespace helper, which
// outlives it for the teardown of the mount namespaces) that exits between two reads would have
// the marker on the first and an empty argv[0] on the second, and pass for a test process.
template <typename Keep>
std::vector<pid_t> mentioning(const std::string& marker, const Keep& keep) {
    std::vector<pid_t> found;
    for (const pid_t pid : host_pids()) {
        if (pid == ::getpid()) continue;
        const std::string line = command_line(pid);
        if (line.find(marker) != std::string::npos && keep(line)) found.push_back(pid);
    }
    return found;
}

}  // namespace

std::vector<pid_t> processes_mentioning(const std::string& marker) {
    return mentioning(marker, [](const std::string&) { return true; });
}

std::vector<pid_t> test_processes_mentioning(const std::string& marker) {
    // By argv[0], as this harness starts it: /proc/PID/exe of isotest's init (not dumpable)
    // is not readable to an unprivileged harness, its command line is.
    return mentioning(marker, [](const std::string& line) { return line.substr(0, line.find('\0')) != ISOTEST_BINARY; });
}

std::string unique_token() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    std::ostringstream token;
    // Digits only, so "1000.TOKEN" is still a valid sleep interval.
    token << ::getpid() << counter++ << (random() % 1000000);
    return token.str();
}

}  // namespace testsupport
