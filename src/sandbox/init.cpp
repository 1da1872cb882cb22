#include "sandbox/init.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "isotest/exit_codes.hpp"
#include "isotest/report_limits.hpp"
#include "sandbox/channel.hpp"
#include "sandbox/command.hpp"
#include "sandbox/dev.hpp"
#include "sandbox/diagnose.hpp"
#include "sandbox/forwarding.hpp"
#include "sandbox/hermeticity.hpp"
#include "sandbox/keep_writes.hpp"
#include "sandbox/keyring.hpp"
#include "sandbox/mount.hpp"
#include "sandbox/ns_helper.hpp"
#include "sandbox/seccomp.hpp"
#include "sandbox/steps.hpp"
#include "sandbox/user.hpp"
#include "sandbox/uts.hpp"

namespace isotest::init {

namespace {

constexpr std::size_t kMaxListedFiles = 100;
constexpr std::size_t kMaxListedProcesses = 100;

[[noreturn]] void fail_setup(int channel_fd, std::string_view message) {
    channel::fail(channel_fd, exit_code::isotest_failure, message);
}

// Ends init if the supervisor is gone: nobody holds the channel's read end any more.
void exit_if_supervisor_gone(int channel_fd) {
    pollfd channel{channel_fd, 0, 0};
    if (::poll(&channel, 1, 0) > 0 && (channel.revents & POLLERR)) ::_exit(exit_code::isotest_failure);
}

// Dies with the supervisor. PR_SET_PDEATHSIG only covers a parent that dies after the call,
// so check afterwards that the supervisor still holds the channel's read end. (The namespace
// helper may still hold a copy it has yet to close: exit_if_supervisor_gone runs again before
// the test starts, when it has.)
void tie_lifetime_to_supervisor(int channel_fd) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    exit_if_supervisor_gone(channel_fd);
}

void map_ids(const InitContext& context, StepReporter& steps) {
    steps.run("user: uid/gid map", [&] {
        try {
            const uid_t uid = context.test_is_root ? 0 : context.identity.invoker_uid;
            const gid_t gid = context.test_is_root ? 0 : context.identity.invoker_gid;
            identity::take_ids(context.identity, context.released_by_supervisor_fd, uid, gid);
        } catch (const SyscallError& error) {
            throw Error(diagnose::namespace_failure(std::string("user namespace: ") + error.what(),
                                                    error.error_number()));
        }
    });
}

// The view-first launch (launch.hpp): with the view entered, init moves into the sandbox's
// user namespace and from there into a mount namespace of its own, which copies the view and
// locks every mount of it in place (flags included), and into fresh IPC and UTS namespaces
// owned by the sandbox's user namespace, as the user-namespace-first launch makes them.
// Returns the mount namespace the view was assembled in: held open, it is not torn down inside
// unshare(2) (an RCU grace period on the launch's critical path) but later, by the namespace
// helper (hand_over_namespaces).
sys::UniqueFd join_sandbox_user_namespace(StepReporter& steps, const sys::UniqueFd& user_ns) {
    sys::UniqueFd assembly_namespace;
    steps.run("user: join the sandbox's user namespace, lock the view", [&] {
        // Its id maps are written: the helper answered only then (launch.hpp).
        assembly_namespace = sys::UniqueFd(
            sys::check(::open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC), "open", "/proc/self/ns/mnt"));
        sys::check(::setns(user_ns.get(), CLONE_NEWUSER), "setns", "the sandbox's user namespace");
        sys::check(::unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS), "unshare",
                   "mount, IPC and UTS namespaces");
    });
    return assembly_namespace;
}

void set_up_namespaces(const InitContext& context, StepReporter& steps, mount::FilesystemView& view,
                       sys::UniqueFd& assembly_namespace) {
    const SandboxSpec& spec = context.spec;
    if (!context.identity.view_first) map_ids(context, steps);
    try {
        view = mount::assemble(spec, {context.identity.every_id_mapped, context.identity.view_first}, steps);
    } catch (const SyscallError& error) {
        throw Error(diagnose::namespace_failure(error.what(), error.error_number()));
    }
    sys::UniqueFd sandbox_user_ns;
    const auto take_helpers_namespaces = [&] {
        if (context.helper_socket_fd < 0) return;  // user-namespace-first with --net host
        ns_helper::Received received;
        steps.run("net: wait for the helper's namespaces, enter the network one",
                  [&] { received = ns_helper::receive(context.helper_socket_fd, spec.net, context.identity.view_first); });
        char note[96];
        std::snprintf(note, sizeof note, "namespace helper: done in %.3f ms, in parallel", received.made_in_ms);
        steps.note(note);  // the socket stays open: hand_over_namespaces
        sandbox_user_ns = std::move(received.user_ns);
    };
    try {
        mount::enter(spec, steps, take_helpers_namespaces);
        if (context.identity.view_first) assembly_namespace = join_sandbox_user_namespace(steps, sandbox_user_ns);
        steps.run("mount: /dev/mqueue", [] { dev::mount_mqueue("/dev"); });
    } catch (const SyscallError& error) {
        throw Error(diagnose::namespace_failure(error.what(), error.error_number()));
    }
    steps.run("uts: hostname", [&] { uts::set_hostname(spec.hostname); });
    steps.run("keyring: a fresh session keyring", [] { keyring::join_fresh_session_keyring(); });
}

// A session of the sandbox's own, led by init, with no controlling terminal: the test cannot
// open /dev/tty, inject input into the caller's terminal (TIOCSTI needs the controlling
// terminal: see seccomp.hpp), be stopped or interrupted by it directly (the supervisor passes
// those signals on: forwarding.hpp), or signal the caller's process group with kill(0, ...).
void start_own_session() { sys::check(::setsid(), "setsid", "a session for the sandbox"); }

constexpr const char* kStreamNames[] = {"stdin", "stdout", "stderr"};

// Puts the supervisor's replacements in place; a stream the caller had closed is closed just
// before the test starts (until then it holds /dev/null, see descriptors.hpp).
void redirect_streams(const InitContext& context) {
    for (int fd = 0; fd < 3; ++fd) {
        if (context.streams[fd] >= 0) sys::check(::dup2(context.streams[fd], fd), "dup2", kStreamNames[fd]);
    }
}

void close_closed_streams(const InitContext& context) {
    for (int fd = 0; fd < 3; ++fd) {
        if (context.streams[fd] == kCloseStream) ::close(fd);
    }
}

const char* file_type(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

// The test's own JUnit XML, where it wrote one: a regular file under the size cap (a FIFO or
// device planted there is neither waited on nor read, a symlink not followed), or why it was
// refused; nothing where there is no file. Read by hand: the first file stream of a process
// costs tens of microseconds of locale setup.
void send_own_xml(const std::string& path, channel::Outbox& outbox) {
    const auto refuse = [&](std::string why) { outbox.add(channel::OwnXmlRefused{std::move(why)}); };
    const std::string cap = std::to_string(limits::kOwnResultsFileBytes);
    const sys::UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    struct stat info {};
    if (!file.valid()) {
        if (errno != ENOENT) refuse(errno == ELOOP ? "a symbolic link" : std::string("open: ") + std::strerror(errno));
    } else if (::fstat(file.get(), &info) != 0) {
        refuse(std::string("fstat: ") + std::strerror(errno));
    } else if (!S_ISREG(info.st_mode)) {
        refuse(file_type(info.st_mode));
    } else if (static_cast<std::size_t>(info.st_size) > limits::kOwnResultsFileBytes) {
        refuse(std::to_string(info.st_size) + " bytes, over the " + cap + " isotest reads");
    } else {
        std::string text;
        errno = 0;  // read_to_end fails on a read error (errno set) or past the cap
        if (!sys::read_to_end(file.get(), text, limits::kOwnResultsFileBytes)) {
            refuse(errno != 0 ? std::string("read: ") + std::strerror(errno)
                              : "grew past the " + cap + " bytes isotest reads while being read");
        } else if (text.empty()) {
            refuse("empty");
        } else {
            outbox.add(channel::OwnXml{std::move(text)});
        }
    }
}

// Once the test runs (off the launch's critical path): the namespace helper holds the sandbox's
// mount, IPC and PID namespaces from here on, so that they are torn down in its exit, not in
// ours (see ns_helper.hpp). Without a helper (user-namespace-first with --net host), ours does.
void hand_over_namespaces(const InitContext& context, sys::UniqueFd& assembly_namespace) {
    if (context.helper_socket_fd < 0) return;
    // The IPC and PID namespaces too: each is freed in deferred work, whose wake-up would preempt
    // our exit (which isotest waits for); in the helper's exit it preempts nobody who waits.
    std::vector<sys::UniqueFd> held;
    for (const char* path : {"/proc/self/ns/mnt", "/proc/self/ns/ipc", "/proc/self/ns/pid"}) {
        held.emplace_back(::open(path, O_RDONLY | O_CLOEXEC));
    }
    held.push_back(std::move(assembly_namespace));
    int fds[ns_helper::kMostHeld];
    std::size_t count = 0;
    for (const auto& fd : held) {
        if (fd.valid() && count < ns_helper::kMostHeld) fds[count++] = fd.get();
    }
    ns_helper::hand_over_for_teardown(context.helper_socket_fd, fds, count);
}

// Waits for the test, forwarding signals to it and reaping every orphan on the way.
int supervise_test(pid_t test, const sigset_t& handled_signals) {
    for (;;) {
        siginfo_t info{};
        const int signal = ::sigwaitinfo(&handled_signals, &info);
        if (signal < 0) continue;  // EINTR
        if (signal != SIGCHLD) {
            forwarding::pass_on(info, test);
            continue;
        }
        int status = 0;
        for (pid_t reaped; (reaped = ::waitpid(-1, &status, WNOHANG)) > 0;) {
            if (reaped == test) return status;
        }
    }
}

// Every process of the namespace descends from init (orphans are reparented to it): with no
// children, nothing of the test is left (see sweep_sandbox).
bool has_children() {
    siginfo_t child{};
    return !(::waitid(P_ALL, 0, &child, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD);
}

// left_running: has_children() (else there is nothing to find in /proc).
void report_leftovers(const InitContext& context, const mount::FilesystemView& view, bool left_running,
                      channel::Outbox& outbox) {
    if (left_running) {
        // Listed up to a cap, like the written files: the test can leave thousands running.
        const auto processes = hermeticity::leftover_processes();
        for (std::size_t i = 0; i < processes.size() && i < kMaxListedProcesses; ++i) {
            outbox.add(channel::LeftoverProcess{processes[i]});
        }
        outbox.add(channel::LeftoverTotal{processes.size()});
    }
    const auto written = hermeticity::written_files(view, kMaxListedFiles);
    for (const auto& path : written.paths) outbox.add(channel::WrittenFile{path});
    outbox.add(channel::WrittenTotal{written.total});
    if (!context.spec.report.own_xml_inside.empty()) send_own_xml(context.spec.report.own_xml_inside, outbox);
}

// Kills and reaps whatever the test left running, so that when the supervisor hears the final
// status nothing of the test is alive. (The kernel would do the same when init exits, but the
// supervisor no longer waits for init's exit: see supervisor.cpp.) Called only where
// has_children(): kill(-1) walks every process of the host, not only ours. (A process someone
// outside placed into the namespace with setns(2) is no child of init; it dies with init, as
// the kernel sees to.)
void sweep_sandbox() {
    ::kill(-1, SIGKILL);  // from PID 1: every other process of the namespace
    for (;;) {
        const pid_t reaped = ::waitpid(-1, nullptr, 0);
        if (reaped < 0 && errno != EINTR) return;  // ECHILD: nobody left
    }
}

void report_usage(channel::Outbox& outbox) {
    rusage usage{};
    if (::getrusage(RUSAGE_CHILDREN, &usage) != 0) return;
    outbox.add(channel::Usage{sys::seconds(usage.ru_utime), sys::seconds(usage.ru_stime), usage.ru_maxrss});
}

// Init's own copies of the supervisor's pipes: with them closed, the supervisor sees end of
// output as soon as the last process of the test is gone.
void release_output(const InitContext& context) {
    for (int fd = 0; fd < 3; ++fd) {
        if (context.streams[fd] < 0) continue;
        ::close(fd);
        ::close(context.streams[fd]);
    }
}

// What the test's process needs of init's context; the rest command::prepare() fills in.
command::ExecContext exec_context_for(const InitContext& context) {
    return {.spec = context.spec,
            .channel_fd = context.channel_fd,
            .original_mask = context.original_mask,
            .original_sigpipe = context.original_sigpipe,
            .test_is_root = context.test_is_root,
            .cgroup_join_fds = context.cgroup_join_fds,
            .processes_in_cgroup = context.processes_in_cgroup,
            .argv = {},
            .envp = {},
            .limits = {}};
}

}  // namespace

void run(const InitContext& context) {
    tie_lifetime_to_supervisor(context.channel_fd);
    StepReporter steps(context.channel_fd, context.spec.verbose);
    mount::FilesystemView view;
    sys::UniqueFd assembly_namespace;  // see join_sandbox_user_namespace and hand_over_namespaces
    try {
        start_own_session();
        set_up_namespaces(context, steps, view, assembly_namespace);
        redirect_streams(context);
        // In init, inherited by the test: the filter is freed with its last holder, in deferred
        // work whose wake-up preempts the exiting process; init exits later, the test quickly.
        if (seccomp::terminal_within_reach(context.spec.pass_fds, context.spec.devices.size())) {
            steps.run("seccomp: refuse terminal input injection", [] {
                if (const int error = seccomp::refuse_terminal_injection()) {
                    throw SyscallError("seccomp", "SECCOMP_SET_MODE_FILTER (refusing TIOCSTI and TIOCLINUX)", error);
                }
            });
        } else {
            steps.run("seccomp: no terminal within the test's reach, no filter", [] {});
        }
    } catch (const Error& error) {
        steps.flush();
        fail_setup(context.channel_fd, error.what());
    }
    steps.flush();

    // Not dumpable (only now: it makes /proc/self root-owned, which the id maps needed):
    // a root test cannot ptrace its way into init's capabilities.
    ::prctl(PR_SET_DUMPABLE, 0);
    command::ExecContext exec_context = exec_context_for(context);
    command::prepare(exec_context);
    close_closed_streams(context);
    exit_if_supervisor_gone(context.channel_fd);
    const pid_t test = ::vfork();  // see command.hpp
    if (test < 0) fail_setup(context.channel_fd, std::string("vfork: ") + std::strerror(errno));
    if (test == 0) command::exec_test(exec_context);
    hand_over_namespaces(context, assembly_namespace);
    const int status = supervise_test(test, context.handled_signals);
    const bool left_running = has_children();
    // The network responder's last records (net_responder.hpp) go out while init finishes.
    const auto test_is_over = [&] {
        if (context.spec.record_network && context.helper_socket_fd >= 0) ns_helper::test_is_over(context.helper_socket_fd);
    };
    if (!left_running) test_is_over();
    channel::Outbox outbox(context.channel_fd);
    // Only a report or -v shows what the test left behind; plain runs skip the scan.
    if (context.spec.report_leftovers) {
        report_leftovers(context, view, left_running, outbox);
    }
    if (left_running) {
        sweep_sandbox();
        test_is_over();
    }
    release_output(context);
    // Nothing of the test runs any more: what it wrote holds still while it is copied.
    if (context.keep_writes_fd >= 0) {
        outbox.add(channel::KeptWrites{
            keep_writes::describe(keep_writes::keep(view, context.keep_writes_fd), context.spec.keep_writes_dir)});
    }
    report_usage(outbox);
    outbox.add(channel::CommandStatus{status});
    outbox.flush();
    ::_exit(0);
}

}  // namespace isotest::init
