// The host's view of processes, to prove nothing of a sandbox is left running.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace itest {

// Live (non-zombie) host processes, other than ourselves, whose command line contains MARKER.
std::vector<pid_t> processes_mentioning(const std::string& marker);

// A string that occurs in no command line but the ones we build with it.
std::string unique_token();

}  // namespace itest
