#include "child_set.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "launch_error.hpp"

namespace bench {

namespace bp = boost::process;

namespace {

using FileHandle = std::unique_ptr<FILE, int (*)(FILE*)>;

// Close-on-exec here; Boost dup2s it onto the child's fd 1 or 2, which clears the flag there.
FileHandle open_for_child(const std::filesystem::path& path) {
    FileHandle file(std::fopen(path.c_str(), "we"), &std::fclose);
    if (!file) throw std::runtime_error("open " + path.string() + ": " + std::strerror(errno));
    return file;
}

}  // namespace

ChildSet::~ChildSet() {
    for (pid_t pid : running_) ::kill(pid, SIGKILL);
    for (pid_t pid : running_) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

pid_t ChildSet::start(const Command& command, const LaunchIo& io) {
    std::vector<std::string> args(command.argv.begin() + 1, command.argv.end());
    // Opened here, truncated, so a failure message shows this run's stderr only.
    FileHandle err = open_for_child(io.stderr_file);
    FileHandle out = io.stdout_file.empty() ? FileHandle(nullptr, &std::fclose) : open_for_child(io.stdout_file);
    try {
        bp::child child = io.stdout_pipe != nullptr
            ? bp::child(bp::exe = command.argv.front(), bp::args = args, bp::start_dir = io.cwd.string(),
                        bp::std_in < bp::null, bp::std_out > *io.stdout_pipe, bp::std_err > err.get())
            : !io.stdout_file.empty()
            ? bp::child(bp::exe = command.argv.front(), bp::args = args, bp::start_dir = io.cwd.string(),
                        bp::std_in < bp::null, bp::std_out > out.get(), bp::std_err > err.get())
            : bp::child(bp::exe = command.argv.front(), bp::args = args, bp::start_dir = io.cwd.string(),
                        bp::std_in < bp::null, bp::std_out > bp::null, bp::std_err > err.get());
        // From here on this set, not Boost, owns the child: wait4 reaps it.
        pid_t pid = child.id();
        child.detach();
        running_.insert(pid);
        return pid;
    } catch (const bp::process_error& error) {
        throw LaunchError("cannot start `" + shell_quoted(command.argv) + "`: " + error.what());
    }
}

Exited ChildSet::wait(pid_t pid) { return reap(pid); }

void ChildSet::wait_until_exited(pid_t pid) {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0) {
        if (errno != EINTR) {
            throw std::runtime_error("waitid(" + std::to_string(pid) + ", WNOWAIT): " + std::strerror(errno));
        }
    }
}

Exited ChildSet::wait_any() {
    if (running_.empty()) throw std::logic_error("wait_any with no running child");
    return reap(-1);
}

Exited ChildSet::reap(pid_t which) {
    Exited exited;
    for (;;) {
        exited.pid = ::wait4(which, &exited.status, 0, &exited.usage);
        if (exited.pid >= 0) break;
        if (errno != EINTR) {
            throw std::runtime_error(std::string("wait4(") + std::to_string(which) + "): " + std::strerror(errno));
        }
    }
    exited.at = Clock::now();
    running_.erase(exited.pid);
    return exited;
}

}  // namespace bench
