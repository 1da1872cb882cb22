#pragma once
// Children started with Boost.Process and reaped here with wait4(2): one thread can then keep
// several launches in flight and wait for whichever ends first, and read each child's rusage.
// Whatever is still running when the set goes away is killed and reaped.

#include <sys/resource.h>
#include <sys/types.h>

#include <boost/process/pipe.hpp>
#include <chrono>
#include <filesystem>
#include <set>

#include "command.hpp"

namespace bench {

using Clock = std::chrono::steady_clock;

struct LaunchIo {
    std::filesystem::path cwd;
    std::filesystem::path stderr_file;         // the child's stderr, kept for error messages
    boost::process::pipe* stdout_pipe = nullptr;  // else stdout_file if set, else /dev/null
    std::filesystem::path stdout_file;
};

struct Exited {
    pid_t pid = -1;
    int status = 0;
    rusage usage{};
    Clock::time_point at;
};

class ChildSet {
public:
    ChildSet() = default;
    ChildSet(const ChildSet&) = delete;
    ChildSet& operator=(const ChildSet&) = delete;
    ~ChildSet();

    // Throws LaunchError when the command cannot be started at all.
    pid_t start(const Command& command, const LaunchIo& io);
    Exited wait(pid_t pid);
    // Blocks until the child has exited but leaves it a zombie, so its pid stays taken.
    void wait_until_exited(pid_t pid);
    Exited wait_any();
    std::size_t running() const { return running_.size(); }

private:
    Exited reap(pid_t which);
    std::set<pid_t> running_;
};

}  // namespace bench
