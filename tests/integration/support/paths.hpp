// Where the probe programs are; CMake passes them as definitions.
#pragma once

namespace itest::probe {
inline constexpr const char* interfaces = ISOTEST_PROBE_INTERFACES;
inline constexpr const char* listen_and_hold = ISOTEST_PROBE_LISTEN_AND_HOLD;
inline constexpr const char* connect_tcp = ISOTEST_PROBE_CONNECT_TCP;
inline constexpr const char* sysv_ipc = ISOTEST_PROBE_SYSV_IPC;
inline constexpr const char* posix_mqueue = ISOTEST_PROBE_POSIX_MQUEUE;
inline constexpr const char* nonblocking_stdout = ISOTEST_PROBE_NONBLOCKING_STDOUT;
inline constexpr const char* full_user_namespace = ISOTEST_PROBE_FULL_USER_NAMESPACE;
inline constexpr const char* multicast = ISOTEST_PROBE_MULTICAST;
inline constexpr const char* rusage_of = ISOTEST_PROBE_RUSAGE_OF;
inline constexpr const char* identity_calls = ISOTEST_PROBE_IDENTITY_CALLS;
inline constexpr const char* resolve = ISOTEST_PROBE_RESOLVE;
inline constexpr const char* device_use = ISOTEST_PROBE_DEVICE_USE;
}  // namespace itest::probe
