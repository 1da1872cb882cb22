// Exit statuses users and build systems rely on (same as coreutils timeout / env).
#pragma once

namespace isotest::exit_code {
inline constexpr int timed_out = 124;
inline constexpr int isotest_failure = 125;
inline constexpr int cannot_execute = 126;
inline constexpr int not_found = 127;
inline constexpr int signal_base = 128;
}  // namespace isotest::exit_code
