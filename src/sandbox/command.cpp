#include "sandbox/command.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "isotest/exit_codes.hpp"
#include "isotest/error.hpp"
#include "sandbox/channel.hpp"
#include "sandbox/user.hpp"

namespace isotest::command {

namespace {

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (const auto& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

}  // namespace

void prepare(ExecContext& context) {
    context.argv = c_strings(context.spec.command);
    context.envp = c_strings(context.spec.environment);
    context.limits = limits::requested(context.spec, context.processes_in_cgroup);
}

void exec_test(const ExecContext& context) {
    const SandboxSpec& spec = context.spec;
    ::sigaction(SIGPIPE, &context.original_sigpipe, nullptr);
    ::sigprocmask(SIG_SETMASK, &context.original_mask, nullptr);

    try {
        if (context.test_is_root) {
            // Root inside holds every capability of the sandbox's user namespace. Without
            // CAP_SYS_ADMIN it cannot unmount, remount or re-pivot its view, nor rename the host.
            if (::prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) < 0) {
                throw SyscallError("prctl", "PR_CAPBSET_DROP CAP_SYS_ADMIN", errno);
            }
        }
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) throw SyscallError("prctl", "PR_SET_NO_NEW_PRIVS", errno);
    } catch (const Error& error) {
        channel::fail(context.channel_fd, exit_code::isotest_failure, error.what());
    }
    // Before --uid takes effect: moving into a cgroup is root's to do.
    for (const int join : context.cgroup_join_fds) {
        if (::write(join, "0", 1) != 1) {
            channel::fail(context.channel_fd, exit_code::isotest_failure,
                          std::string("cannot join the sandbox's cgroup (write cgroup.procs): ") + std::strerror(errno));
        }
    }
    if (spec.run_as) {
        try {
            user::adopt(*spec.run_as);
        } catch (const Error& error) {
            channel::fail(context.channel_fd, exit_code::isotest_failure, std::string("--uid: ") + error.what());
        }
    }
    // As the test's user: a working directory it may not enter is an error, not a surprise later.
    if (::chdir(spec.cwd.c_str()) < 0) {
        channel::fail(context.channel_fd, exit_code::isotest_failure,
                      "cannot enter the working directory " + spec.cwd + " inside the sandbox: " + std::strerror(errno));
    }
    // Last, so nothing of ours runs under the test's limits.
    try {
        limits::apply(context.limits);
    } catch (const Error& error) {
        channel::fail(context.channel_fd, exit_code::isotest_failure, error.what());
    }
    ::execve(spec.executable.c_str(), context.argv.data(), context.envp.data());
    const int error = errno;
    const bool missing = error == ENOENT || error == ENOTDIR;
    channel::fail(context.channel_fd, missing ? exit_code::not_found : exit_code::cannot_execute,
                  "cannot execute " + spec.executable + ": " + std::strerror(error));
}

}  // namespace isotest::command
