// Network namespace: a fresh namespace has only `lo`, down; bringing it up gives 127.0.0.1
// and ::1 (the kernel assigns both to loopback on up).
//
// Creating a network namespace is the most expensive single step of a launch (~0.4 ms of
// kernel work here: every per-namespace sysctl table, the loopback device). So it is not made
// by the clone that creates the other namespaces: a short-lived helper process of the
// supervisor's, in the sandbox's user namespace, makes the network namespace there (owned by
// it, as if init had made it) and hands it to init over a socket, while the mounts are built
// on the other core. Init enters it before mounting /sys, whose contents follow the mounter's
// network namespace.
#pragma once

#include <string>

#include "isotest/spec.hpp"

namespace isotest::net {

void bring_up_loopback();

// The helper: joins the user namespace `user_ns_fd` (-1: it is in it already), unshares a
// network namespace (lo up for NetMode::loopback) and sends it down `socket_fd`, or the error
// that stopped it. Throws nothing.
void make_namespace_for_sandbox(int user_ns_fd, NetMode mode, int socket_fd);

struct JoinedNamespace {
    double made_in_ms;  // the helper's own time, spent in parallel with init's
};

// Init: waits for the helper's namespace and enters it. Throws SyscallError with the helper's
// errno when it failed, Error when it died without answering.
JoinedNamespace join_namespace_from_helper(int socket_fd);

}  // namespace isotest::net
