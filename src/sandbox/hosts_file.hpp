// The sandbox's /etc/hosts under --net loopback and --net none: the names a test expects to
// resolve without DNS, as Debian writes them (localhost on 127.0.0.1 and ::1, ip6-localhost,
// ip6-loopback, the IPv6 multicast names, the hostname on 127.0.1.1), then the host's own
// entries less those names. A name the sandbox defines is its own: a host line giving it another
// address loses it, so localhost and the hostname resolve only to the loopback addresses the
// test can reach. Pure text in, text out; mount.cpp binds the result over the view's file.
#pragma once

#include <string>
#include <string_view>

namespace isotest::hosts_file {

// `hostname` is the sandbox's (an RFC 1123 host name, already checked); `host_file` the host's
// /etc/hosts as read (empty if it has none).
std::string content(const std::string& hostname, std::string_view host_file);

}  // namespace isotest::hosts_file
