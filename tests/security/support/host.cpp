#include "host.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "host_processes.hpp"

namespace sectest {

namespace fs = std::filesystem;

namespace {

// A process that exits while we look simply contributes nothing.
std::set<std::string> namespaces_of(pid_t pid) {
    std::set<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/ns", ec)) {
        const fs::path target = fs::read_symlink(entry.path(), ec);
        if (!ec) found.insert(target.string());
    }
    return found;
}

}  // namespace

std::multiset<std::string> host_mounts() {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::multiset<std::string> mounts;
    for (std::string line; std::getline(mountinfo, line);) {
        // Drop "ID PARENT_ID "; the rest (device, root, mount point, options, source) stays.
        const auto first = line.find(' ');
        const auto second = first == std::string::npos ? first : line.find(' ', first + 1);
        mounts.insert(second == std::string::npos ? line : line.substr(second + 1));
    }
    return mounts;
}

std::set<std::string> namespaces_in_use() {
    std::set<std::string> found;
    for (const pid_t pid : testsupport::host_pids()) found.merge(namespaces_of(pid));
    return found;
}

std::set<std::string> namespaces_of_processes_mentioning(const std::string& marker) {
    std::set<std::string> found;
    for (const pid_t pid : testsupport::processes_mentioning(marker)) found.merge(namespaces_of(pid));
    return found;
}

std::vector<std::string> non_loopback_ipv4_addresses() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) throw std::runtime_error(std::string("getifaddrs: ") + std::strerror(errno));
    std::vector<std::string> addresses;
    for (const ifaddrs* entry = list; entry; entry = entry->ifa_next) {
        if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET || (entry->ifa_flags & IFF_LOOPBACK)) continue;
        char text[INET_ADDRSTRLEN];
        const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
        if (::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text)) addresses.emplace_back(text);
    }
    ::freeifaddrs(list);
    return addresses;
}

TcpListener::TcpListener(const std::string& address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in bound{};
    bound.sin_family = AF_INET;
    if (::inet_pton(AF_INET, address.c_str(), &bound.sin_addr) != 1) throw std::runtime_error("bad address " + address);
    socklen_t length = sizeof bound;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&bound), sizeof bound) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
        const int error = errno;
        ::close(fd_);
        throw std::runtime_error("listen on " + address + ": " + std::strerror(error));
    }
    port_ = ntohs(bound.sin_port);
}

TcpListener::~TcpListener() { ::close(fd_); }

int TcpListener::accept_pending() {
    int accepted = 0;
    for (int connection; (connection = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++accepted) {
        ::close(connection);
    }
    return accepted;
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) throw std::runtime_error(std::string("gethostname: ") + std::strerror(errno));
    return name;
}

}  // namespace sectest
