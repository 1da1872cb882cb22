// The host's side of every check: processes, mounts, namespaces, network addresses and
// other facts a sandboxed test must not be able to change.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

namespace sectest {

inline bool invoked_as_root() { return ::geteuid() == 0; }

// Digits that occur in no command line but the ones we build with them.
std::string unique_token();

// Live host processes (not ourselves) whose NUL-separated command line contains MARKER.
std::vector<pid_t> processes_mentioning(const std::string& marker);

// Every line of our /proc/self/mountinfo without its mount id and parent id (those are
// reused), sorted: equal before and after a run means no mount was left behind.
std::multiset<std::string> host_mounts();

// "type:inode" of every namespace some host process is in.
std::set<std::string> namespaces_in_use();
// Namespaces held by processes whose command line contains MARKER.
std::set<std::string> namespaces_of_processes_mentioning(const std::string& marker);

// IPv4 addresses of the host's interfaces other than loopback, dotted.
std::vector<std::string> non_loopback_ipv4_addresses();

// A TCP socket listening on ADDRESS (IPv4 dotted) at a kernel-chosen port.
class TcpListener {
public:
    explicit TcpListener(const std::string& address);
    ~TcpListener();
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;
    int port() const { return port_; }
    // Connections accepted so far (non-blocking; call after the sandboxed run).
    int accept_pending();

private:
    int fd_ = -1;
    int port_ = 0;
};

std::string host_name();
std::string sh_quote(const std::string& word);
bool contains(const std::string& text, const std::string& part);
std::vector<std::string> lines_of(const std::string& text);

}  // namespace sectest
