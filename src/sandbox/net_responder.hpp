// The network responder: under --net loopback and --net none, with network attempts recorded
// (--record-network), the sandbox's network namespace gets a TUN interface, isotest0, carrying
// the default routes (IPv4 and IPv6), and the namespace helper (ns_helper.hpp) serves it for the
// whole run: every packet the test sends towards a host outside ends there, is answered at once
// (packets.hpp: RST, ICMP unreachable, DNS NXDOMAIN) and is recorded (attempt_log.hpp); the
// records go to the supervisor on a channel of their own (channel.hpp), as they happen.
// Loopback traffic never reaches the interface: 127.0.0.0/8 and ::1 stay on lo.
//
// Why the helper: it exists for every run with a network namespace, holds the sandbox's
// namespaces until init has exited anyway, and lives outside the sandbox's PID namespace, so the
// test can neither see, signal nor trace it; init, beside the test, stays as it was. And the TUN
// device is unregistered (an RCU grace period) when its last descriptor closes: in the helper's
// exit, which nobody waits for.
#pragma once

#include "sandbox/syscall.hpp"

namespace isotest::net_responder {

inline constexpr const char* kInterface = "isotest0";
// Where the sandbox's /etc/resolv.conf points (resolv_conf.hpp): an address outside, so that
// queries go out through isotest0 and get their NXDOMAIN; link-local, never a real host's.
inline constexpr const char* kResolver = "169.254.0.53";

// In the new network namespace, with CAP_NET_ADMIN over it: the interface, up, with its own
// addresses and the default routes; returns its descriptor (non-blocking). `loopback_up`: lo is
// up (--net loopback); else 127.0.0.0/8 and ::1 get reject routes. Throws SyscallError.
sys::UniqueFd create_interface(bool loopback_up);

// Serves `tun` until end of file on `helper_socket` (init: nothing of the test is left, or init
// exited), holding the namespaces init hands over meanwhile (ns_helper.hpp), then sends what is
// left to tell on `channel`, closes it, and holds on until init has exited. `start_seconds`:
// isotest's start (sys::monotonic_seconds), for the first times. Drops every capability first
// (and sets no_new_privs): what the test sends is read without privilege.
void serve(sys::UniqueFd tun, int helper_socket, sys::UniqueFd channel, double start_seconds);

}  // namespace isotest::net_responder
