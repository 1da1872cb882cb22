// The host's view of processes, to prove nothing of a sandbox is left running.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace testsupport {

// Every process in our PID namespace (the numeric entries of /proc).
std::vector<pid_t> host_pids();

// Live (non-zombie) host processes, other than ourselves, whose NUL-separated command line
// contains MARKER.
std::vector<pid_t> processes_mentioning(const std::string& marker);

// Digits that occur in no command line but the ones we build with them.
std::string unique_token();

}  // namespace testsupport
