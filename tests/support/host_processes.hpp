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

// The same, leaving out processes of the isotest binary itself (by argv[0]). Right after isotest
// returned, its namespace helper may still be exiting for a moment (tearing the sandbox's mount
// namespaces down, as bubblewrap's sandbox does after it returns); every process of the test
// must already be gone. For checks made the instant isotest returns; elsewhere use
// processes_mentioning, which also catches an isotest process that outlives its supervisor.
std::vector<pid_t> test_processes_mentioning(const std::string& marker);

// Digits that occur in no command line but the ones we build with them.
std::string unique_token();

}  // namespace testsupport
