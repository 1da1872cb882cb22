// The sandbox's /etc/resolv.conf with --record-network: the host's, its `search`, `domain` and
// `options` lines as they are (what the test would read bare), its nameservers replaced by the
// network responder's address (net_responder.hpp), so that every DNS query goes out through
// isotest0 and is answered "no such name" at once, with the name recorded. Pure text in, text
// out; mount.cpp binds the result over the view's file.
#pragma once

#include <string>
#include <string_view>

namespace isotest::resolv_conf {

// `host_file`: the host's /etc/resolv.conf as read (empty if it has none); `resolver`: the
// address to ask instead.
std::string content(std::string_view host_file, std::string_view resolver);

}  // namespace isotest::resolv_conf
