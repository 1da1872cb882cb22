#include "sandbox/launch.hpp"

#include <fcntl.h>
#include <sched.h>

#include "sandbox/channel.hpp"
#include "sandbox/descriptors.hpp"
#include "sandbox/net_responder.hpp"
#include "sandbox/ns_helper.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::launch {

namespace {

// No CLONE_NEWNET: the helper makes the network namespace while init builds the mounts (ns_helper.hpp).
constexpr unsigned long kUserNamespaceFirst = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;
constexpr unsigned long kViewFirst = CLONE_NEWNS | CLONE_NEWPID;

void close_all(std::initializer_list<int> fds) {
    for (int fd : fds) {
        if (fd >= 0) ::close(fd);
    }
}

void close_supervisor_ends(const Request& request) {
    for (int fd : request.supervisor_fds) close_all({fd});
}

// Init, in the new namespaces `flags`, without the ends that are not its own: the released
// pipe's write end (and all of it where only the helper reads it).
pid_t clone_init(const Request& request, unsigned long flags, const char* what, const init::InitContext& context,
                 const sys::Pipe& released) {
    return clone_child(flags, what, [&] {
        close_supervisor_ends(request);
        close_all({request.helper_fd, request.responder_fd, released.write_end.get()});
        if (context.released_by_supervisor_fd != released.read_end.get()) close_all({released.read_end.get()});
        init::run(context);
    });
}

// In the helper: init's ends of the channel, the capture pipes and the helper's socket, so that
// their end of file does not wait for the helper.
void close_sandbox_ends(const init::InitContext& context) {
    close_all({context.channel_fd, context.streams[0], context.streams[1], context.streams[2], context.helper_socket_fd,
               context.keep_writes_fd});
}

// Clones the namespace helper (into `flags`), which does `task`, answers init, and then holds
// the namespaces init hands it until init has exited (ns_helper.hpp). Init exists by then:
// should the clone fail, it is killed rather than left waiting.
pid_t start_helper(const Request& request, pid_t init_pid, unsigned long flags, const ns_helper::Task& task,
                   const sys::Pipe& released) {
    try {
        // No SIGCHLD (exit signal 0): its exit need not wake us; never waited for (ns_helper.hpp).
        return clone_child(flags, "namespace helper", [&] {
            close_supervisor_ends(request);
            close_sandbox_ends(request.init);
            close_all({released.write_end.get()});
            ns_helper::Kept kept = ns_helper::run(task, request.helper_fd);
            sys::UniqueFd records(request.responder_fd);
            if (!kept.unrecorded.empty()) channel::send(records.get(), channel::NetworkUnrecorded{kept.unrecorded});
            if (!kept.tun.valid()) records.reset();
            // It outlives us by a moment: the caller's streams (a pipe read to its end, a
            // terminal) and anything inherited must not be held open by it meanwhile.
            const int socket = request.helper_fd;
            descriptors::close_all_but({socket, kept.tun.get(), records.get()});
            if (kept.tun.valid()) {
                net_responder::serve(std::move(kept.tun), socket, std::move(records), request.start_seconds);
            } else {
                ns_helper::hold_until_init_exits(socket);
            }
            ::_exit(0);
        }, 0);
    } catch (const Error&) {
        ::kill(init_pid, SIGKILL);
        throw;
    }
}

void start_user_namespace_first(const Request& request, pid_t& init_pid) {
    init::InitContext context = request.init;
    // Root's init (and with --map-subids anyone's: newuidmap runs from here) waits on this until
    // we have written its id maps; others map themselves.
    sys::Pipe released;
    if (request.identity.mapped_by_supervisor()) released = sys::make_pipe();
    context.released_by_supervisor_fd = released.read_end.valid() ? released.read_end.get() : -1;
    init_pid = clone_init(request, kUserNamespaceFirst, "creating the sandbox's namespaces", context, released);
    if (request.identity.mapped_by_supervisor()) identity::write_maps(init_pid, request.identity, request.spec.verbose, {init_pid});
    released.write_end.reset();
    if (request.helper_fd < 0) return;
    const std::string path = "/proc/" + std::to_string(init_pid) + "/ns/user";
    const sys::UniqueFd user_ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!user_ns.valid()) {
        const int error_number = errno;
        ::kill(init_pid, SIGKILL);
        throw SyscallError("open", path, error_number);
    }
    start_helper(request, init_pid, 0,
                 {.join_user_ns_fd = user_ns.get(), .send_user_ns = false, .released_fd = -1,
                  .net = request.spec.net, .respond = request.spec.record_network},
                 sys::Pipe{});
}

// Init first: it is on the critical path; the helper's work is wanted only once the view stands.
void start_view_first(const Request& request, pid_t& init_pid) {
    init::InitContext context = request.init;
    context.released_by_supervisor_fd = -1;  // the helper's answer says the maps are written
    const sys::Pipe released = sys::make_pipe();
    init_pid = clone_init(request, kViewFirst, "creating the sandbox's PID and mount namespaces", context, released);
    const pid_t helper_pid = start_helper(request, init_pid, CLONE_NEWUSER,
                                          {.join_user_ns_fd = -1, .send_user_ns = true,
                                           .released_fd = released.read_end.get(), .net = request.spec.net,
                                           .respond = request.spec.record_network},
                                          released);
    identity::write_maps(helper_pid, request.identity, request.spec.verbose, {helper_pid, init_pid});
}

}  // namespace

void start(const Request& request, pid_t& init_pid) {
    if (request.identity.view_first) {
        start_view_first(request, init_pid);
    } else {
        start_user_namespace_first(request, init_pid);
    }
}

}  // namespace isotest::launch
