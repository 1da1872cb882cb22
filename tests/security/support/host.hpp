// The host's side of the security checks: mounts, namespaces, network addresses and other
// facts a sandboxed test must not be able to change. (Host processes: host_processes.hpp.)
#pragma once

#include <set>
#include <string>
#include <vector>

namespace sectest {

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

}  // namespace sectest
