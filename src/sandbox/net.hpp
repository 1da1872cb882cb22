// Network namespace: a fresh namespace has only `lo`, down; bringing it up gives 127.0.0.1
// and ::1 (the kernel assigns both to loopback on up). lo is also marked multicast-capable and
// carries the IPv4 multicast range, so tests that look for a multicast interface or send to a
// group find one, between the test's own processes only. The namespace itself is made by the
// namespace helper (ns_helper.hpp), in parallel with the mounts.
#pragma once

namespace isotest::net {

void bring_up_loopback();

}  // namespace isotest::net
