#include "sandbox/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <algorithm>
#include <array>
#include <initializer_list>
#include <limits>
#include <memory>
#include <variant>

#include "isotest/exit_codes.hpp"
#include "sandbox/cgroup.hpp"
#include "sandbox/channel.hpp"
#include "sandbox/descriptors.hpp"
#include "sandbox/diagnose.hpp"
#include "sandbox/forwarding.hpp"
#include "sandbox/id_map_helpers.hpp"
#include "sandbox/init.hpp"
#include "sandbox/keep_writes.hpp"
#include "sandbox/attempt_log.hpp"
#include "sandbox/net_responder.hpp"
#include "sandbox/kernel_release.hpp"
#include "sandbox/ns_helper.hpp"
#include "sandbox/overlay_xattrs.hpp"
#include "sandbox/relay.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/terminal.hpp"
#include "sandbox/user.hpp"

namespace isotest {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr int kCaptureChunk = relay::kChunk;

// The supervisor reads these from a signalfd and init from sigwaitinfo; the test gets the
// caller's mask back before execve.
sigset_t handled_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH}) sigaddset(&set, signal);
    return set;
}

// No CLONE_NEWNET: a helper makes the network namespace while init builds the mounts (ns_helper.hpp).
constexpr unsigned long kCloneFlags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;

void print_verbose(const std::string& line) {
    sys::write_all(STDERR_FILENO, "isotest: " + line + "\n");
}

bool is_pipe(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && S_ISFIFO(info.st_mode);
}

class Supervisor {
public:
    explicit Supervisor(const SandboxSpec& spec) : spec_(spec) {
        outcome_.stdout_capture = BoundedCapture(spec.report.max_output_bytes);
        outcome_.stderr_capture = BoundedCapture(spec.report.max_output_bytes);
        outcome_.output_captured = !spec.report.junit_path.empty();
        outcome_.network_recorded = spec.record_network;
    }

    Outcome run() {
        outcome_.started = std::chrono::system_clock::now();
        start_ = sys::monotonic_seconds();
        try {
            start_sandbox();
        } catch (const Error& error) {
            outcome_.kind = OutcomeKind::setup_failed;
            outcome_.exit_code = error.exit_status();
            outcome_.message = error.what();
            if (init_pid_ > 0) ::kill(init_pid_, SIGKILL);
            reap_init_blocking();
            return std::move(outcome_);
        }
        // Signals stay blocked from here to exit: a late SIGTERM must not cut off the report.
        event_loop();
        stdin_relay_.finish();
        terminal_.restore();
        // The namespace helper is neither killed nor waited for: it exits by itself once init
        // has, tearing the namespaces down meanwhile (ns_helper.hpp).
        reap_init_blocking();
        // Its responder's last records: sent once nothing of the test was left, while init
        // finished (net_responder.hpp); end of file follows them.
        while (responder_.valid()) read_records(responder_, responder_buffer_);
        if (cgroups_.active()) release_cgroups();
        conclude();
        return std::move(outcome_);
    }

private:
    void start_sandbox() {
        const auto streams = descriptors::inspect_standard_streams();
        descriptors::reserve_closed_streams(streams);
        descriptors::seal_inherited(spec_.pass_fds);
        std::vector<int> terminal_candidates = spec_.pass_fds;
        for (int fd = 0; fd < 3; ++fd) {
            if (streams[fd] == descriptors::StreamHandling::direct) terminal_candidates.push_back(fd);
        }
        terminal_ = terminal::Settings::record(terminal_candidates);

        sigset_t handled = handled_signals();
        sys::check(::sigprocmask(SIG_BLOCK, &handled, &original_mask_), "sigprocmask");
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sys::check(::sigaction(SIGPIPE, &ignore, &original_sigpipe_), "sigaction", "SIGPIPE");
        signal_fd_ = sys::UniqueFd(sys::check(::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd"));

        sys::Pipe channel = sys::make_pipe();
        if (spec_.record_network) responder_pipe_ = sys::make_pipe();  // the responder's records
        // Read before clone: inside the new user namespace our ids are unmapped (65534) until mapped.
        const uid_t invoker_uid = ::geteuid();
        const gid_t invoker_gid = ::getegid();
        const bool privileged = invoker_uid == 0;
        if (privileged) own_maps_ = user::read_own_maps();
        const bool every_id_mapped = privileged && user::maps_every_id(own_maps_.uid);
        plan_identity(privileged, invoker_uid, invoker_gid);
        if (spec_.memory_bytes || spec_.max_procs) {
            std::vector<std::string> notes;
            cgroups_ = cgroup::SandboxCgroups::create(spec_, notes);
            for (const auto& note : notes) note_verbose(note);
        }
        std::vector<int> join_fds;
        if (cgroups_.active()) {
            join_files_ = cgroups_.open_join_files();
            for (const auto& file : join_files_) join_fds.push_back(file.get());
        }
        // The test's standard streams (descriptors.hpp): output through our pipes when it is
        // captured or goes to a file, stdin from a file through a pipe we feed, /dev/null for a
        // directory.
        // Where the caller gave one stream for both (2>&1), the test gets one pipe for both: with
        // two, the order of its stdout and stderr writes could change on the way (poll reads
        // whichever is ready), unlike bare.
        outcome_.stderr_in_stdout = streams[STDOUT_FILENO] != descriptors::StreamHandling::closed &&
                                    streams[STDERR_FILENO] != descriptors::StreamHandling::closed &&
                                    descriptors::share_open_file(STDOUT_FILENO, STDERR_FILENO);
        sys::Pipe out, err, in;
        sys::UniqueFd null;
        std::array<int, 3> test_streams{};
        for (int fd = 0; fd < 3; ++fd) {
            const bool output = fd != STDIN_FILENO;
            if (fd == STDERR_FILENO && outcome_.stderr_in_stdout && out.write_end.valid()) {
                test_streams[fd] = out.write_end.get();
                continue;
            }
            sys::Pipe* pipe = fd == STDIN_FILENO ? &in : fd == STDOUT_FILENO ? &out : &err;
            test_streams[fd] = init::kKeepStream;
            if (streams[fd] == descriptors::StreamHandling::closed) test_streams[fd] = init::kCloseStream;
            if (streams[fd] == descriptors::StreamHandling::relay || (output && outcome_.output_captured)) {
                *pipe = sys::make_pipe();
                test_streams[fd] = output ? pipe->write_end.get() : pipe->read_end.get();
            } else if (streams[fd] == descriptors::StreamHandling::null) {
                if (!null.valid()) null = sys::UniqueFd(sys::check(::open("/dev/null", O_RDWR | O_CLOEXEC), "open", "/dev/null"));
                test_streams[fd] = null.get();
            }
        }
        if (out.read_end.valid() || err.read_end.valid()) {
            // Bigger pipes mean fewer wake-ups per megabyte; best effort (capped by pipe-max-size).
            if (out.write_end.valid()) ::fcntl(out.write_end.get(), F_SETPIPE_SZ, kCaptureChunk);
            buffer_.reset(new char[kCaptureChunk]);  // untouched pages cost nothing until used
        }

        const bool view_first = privileged && user::has_cap_sys_admin();
        // The namespace helper's answer travels to init over this (ns_helper.hpp).
        sys::UniqueFd helper_to_init, helper_end;
        if (view_first || spec_.net != NetMode::host) {
            int ends[2];
            sys::check(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends), "socketpair");
            helper_to_init = sys::UniqueFd(ends[0]);
            helper_end = sys::UniqueFd(ends[1]);
        }

        // Opened (and made) here, as the invoker, before the sandbox exists; init copies into it.
        sys::UniqueFd keep_writes;
        if (!spec_.keep_writes_dir.empty()) keep_writes = keep_writes::open_destination(spec_.keep_writes_dir);

        const bool mapped_by_supervisor = privileged || subordinate_plan_.has_value();
        const init::InitContext context{spec_, channel.write_end.get(), test_streams, handled, original_mask_,
                                  original_sigpipe_, -1, mapped_by_supervisor, invoker_uid, invoker_gid,
                                  privileged || spec_.root, every_id_mapped, join_fds,
                                  helper_to_init.valid() ? helper_to_init.get() : -1, view_first,
                                  keep_writes.get(), cgroups_.caps_processes()};
        // In any child: the supervisor's ends of everything, so that end of file means what it says.
        const auto close_supervisor_ends = [&] {
            channel.read_end.reset();
            responder_pipe_.read_end.reset();
            out.read_end.reset();
            err.read_end.reset();
            in.write_end.reset();  // the test's stdin ends when we close ours
            signal_fd_.reset();
        };
        const double clone_start = sys::monotonic_seconds();
        if (view_first) {
            start_view_first(context, close_supervisor_ends, helper_end);
        } else {
            start_user_namespace_first(context, close_supervisor_ends, helper_end);
        }
        helper_to_init.reset();
        responder_pipe_.write_end.reset();  // the helper's alone: its end of file ends the records
        responder_ = std::move(responder_pipe_.read_end);
        outcome_.cgroup_limits = cgroups_.description();
        // Root of the initial user namespace (every id mapped) has trusted.* xattrs (overlay_xattrs.hpp).
        if (!every_id_mapped && spec_.fs == FsMode::overlay) {
            outcome_.overlay_limit = overlay_xattrs::unprivileged_limitation(kernel_release::running());
        }
        add_step("clone", (sys::monotonic_seconds() - clone_start) * 1000.0);
        if (spec_.verbose) {
            char line[64];
            std::snprintf(line, sizeof line, "%8.3f ms  isotest start -> clone", (clone_start - start_) * 1000.0);
            print_verbose(line);
        }
        channel_ = std::move(channel.read_end);
        stdout_ = std::move(out.read_end);
        stderr_ = std::move(err.read_end);
        if (in.write_end.valid()) stdin_relay_ = relay::InputRelay(STDIN_FILENO, std::move(in.write_end), std::move(in.read_end));
        if (spec_.timeout_seconds) timeout_at_ = start_ + *spec_.timeout_seconds;
    }

    // --uid (root only: the test's groups are set on us, to be inherited: user.hpp) and
    // --map-subids (unprivileged only: root maps every id anyway).
    void plan_identity(bool privileged, uid_t invoker_uid, gid_t invoker_gid) {
        if (spec_.run_as && !privileged) {
            throw Error("--uid, --gid and --groups run the test as another host user, which needs isotest to run as root "
                        "(unprivileged, the test runs as you, or as uid 0 inside with --root)");
        }
        if (spec_.run_as) user::join_groups(spec_.run_as->groups);
        if (privileged || !spec_.map_subordinate_ids) return;
        std::string why_not;
        subordinate_plan_ = id_map_helpers::plan(invoker_uid, invoker_gid, spec_.root ? 0 : invoker_uid,
                                                 spec_.root ? 0 : invoker_gid, why_not);
        if (!subordinate_plan_) throw Error("--map-subids: " + why_not);
    }

    // Raw clone without a stack behaves like fork() but enters the namespaces in `flags` at once.
    // The child is a copy of this process: nothing may unwind back into the supervisor's code.
    template <typename Child>
    static pid_t clone_child(unsigned long flags, const char* what, Child&& child, int exit_signal = SIGCHLD) {
        const long pid = ::syscall(SYS_clone, flags | exit_signal, nullptr, nullptr, nullptr, nullptr);
        if (pid < 0) {
            throw Error(diagnose::namespace_failure(std::string("clone (") + what + "): " + std::strerror(errno), errno));
        }
        if (pid == 0) {
            try {
                child();
            } catch (...) {
            }
            ::_exit(exit_code::isotest_failure);
        }
        return static_cast<pid_t>(pid);
    }

    // Init, in the new namespaces `flags`, without the ends that are not its own.
    template <typename CloseEnds>
    void clone_init(unsigned long flags, const char* what, const init::InitContext& context,
                    const CloseEnds& close_supervisor_ends, sys::UniqueFd& helper_end, sys::Pipe& released) {
        init_pid_ = clone_child(flags, what, [&] {
            close_supervisor_ends();
            helper_end.reset();
            released.write_end.reset();
            responder_pipe_.write_end.reset();
            init::run(context);
        });
    }

    // Unprivileged (or root without CAP_SYS_ADMIN): init is cloned into the sandbox's user, PID,
    // mount, IPC and UTS namespaces at once and builds the view from inside; the namespace
    // helper joins its user namespace to make the network namespace meanwhile.
    template <typename CloseEnds>
    void start_user_namespace_first(init::InitContext context, const CloseEnds& close_supervisor_ends,
                                    sys::UniqueFd& helper_end) {
        // Root's init (and with --map-subids anyone's: newuidmap runs from here) waits on this
        // until we have written its id maps; others map themselves.
        sys::Pipe released;
        if (context.mapped_by_supervisor) released = sys::make_pipe();
        context.released_by_supervisor_fd = released.read_end.valid() ? released.read_end.get() : -1;
        clone_init(kCloneFlags, "creating the sandbox's namespaces", context, close_supervisor_ends, helper_end, released);
        if (context.mapped_by_supervisor) map_ids_of(init_pid_, {init_pid_});
        released.write_end.reset();
        if (!helper_end.valid()) return;
        const std::string path = "/proc/" + std::to_string(init_pid_) + "/ns/user";
        const sys::UniqueFd user_ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!user_ns.valid()) {
            const int error_number = errno;
            ::kill(init_pid_, SIGKILL);
            throw SyscallError("open", path, error_number);
        }
        start_helper(context, close_supervisor_ends, helper_end, 0, {user_ns.get(), false, spec_.net, spec_.record_network}, nullptr);
    }

    // Root with CAP_SYS_ADMIN over the host's mounts: init, cloned into new PID and mount
    // namespaces only, assembles the view with the host's mounts unlocked — one overlay for the
    // host root instead of one per directory — and enters it, while the namespace helper, cloned
    // into a new user namespace (the sandbox's), makes the network namespace there. Init then
    // joins that user namespace (init.cpp). Init first: it is on the critical path; the helper's
    // work is wanted only once the view stands.
    template <typename CloseEnds>
    void start_view_first(init::InitContext context, const CloseEnds& close_supervisor_ends,
                          sys::UniqueFd& helper_end) {
        // Both wait for its end of file: the maps are written through the helper, and init must
        // not start the test before they are.
        sys::Pipe released = sys::make_pipe();
        context.released_by_supervisor_fd = released.read_end.get();
        clone_init(CLONE_NEWNS | CLONE_NEWPID, "creating the sandbox's PID and mount namespaces", context,
                   close_supervisor_ends, helper_end, released);
        start_helper(context, close_supervisor_ends, helper_end, CLONE_NEWUSER, {-1, true, spec_.net, spec_.record_network}, &released);
        map_ids_of(helper_pid_, {helper_pid_, init_pid_});
    }

    // Clones the namespace helper (into `flags`), which does `task`, answers init, waits for end
    // of file on `released` (if given), and then holds the namespaces init hands it until
    // init has exited (ns_helper.hpp).
    // Init exists by then: should the clone fail, it is killed rather than left waiting.
    template <typename CloseEnds>
    void start_helper(const init::InitContext& context, const CloseEnds& close_supervisor_ends,
                      sys::UniqueFd& helper_end, unsigned long flags, const ns_helper::Task& task, sys::Pipe* released) {
        try {
            // No SIGCHLD (exit signal 0): its exit need not wake us; never waited for (ns_helper.hpp).
            helper_pid_ = clone_child(flags, "namespace helper", [&] {
                close_supervisor_ends();
                close_sandbox_ends(context);
                if (released) released->write_end.reset();
                ns_helper::Kept kept = ns_helper::run(task, helper_end.get());
                char byte;
                while (released && ::read(released->read_end.get(), &byte, 1) < 0 && errno == EINTR) {}
                sys::UniqueFd records = std::move(responder_pipe_.write_end);
                if (!kept.unrecorded.empty()) channel::send(records.get(), channel::NetworkUnrecorded{kept.unrecorded});
                if (!kept.tun.valid()) records.reset();
                // It outlives us by a moment: the caller's streams (a pipe read to its end, a
                // terminal) and anything inherited must not be held open by it meanwhile.
                const int socket = helper_end.get();
                descriptors::close_all_but({socket, kept.tun.get(), records.get()});
                if (kept.tun.valid()) {
                    net_responder::serve(std::move(kept.tun), socket, std::move(records), start_);
                } else {
                    ns_helper::hold_until_init_exits(socket);
                }
                ::_exit(0);
            }, 0);
        } catch (const Error&) {
            ::kill(init_pid_, SIGKILL);
            throw;
        }
        helper_end.reset();
    }

    // In the helper: init's ends of the channel, the capture pipes and the helper's socket, so
    // that their end of file does not wait for the helper.
    static void close_sandbox_ends(const init::InitContext& context) {
        for (int fd : {context.channel_fd, context.streams[0], context.streams[1], context.streams[2],
                       context.helper_socket_fd, context.keep_writes_fd}) {
            if (fd >= 0) ::close(fd);
        }
    }

    void map_ids_of(pid_t pid, std::initializer_list<pid_t> kill_on_failure) const {
        try {
            if (subordinate_plan_) {
                const double start = sys::monotonic_seconds();
                id_map_helpers::write_maps(pid, *subordinate_plan_);
                char note[96];
                std::snprintf(note, sizeof note, "%8.3f ms  user: newuidmap + newgidmap (subordinate ids)",
                              (sys::monotonic_seconds() - start) * 1000.0);
                note_verbose(note);
            } else {
                user::map_child_identity(pid, own_maps_);
            }
        } catch (const Error& error) {
            for (pid_t child : kill_on_failure) ::kill(child, SIGKILL);
            const auto* syscall_error = dynamic_cast<const SyscallError*>(&error);
            if (!syscall_error) throw Error(std::string("user namespace: ") + error.what());
            throw Error(diagnose::namespace_failure(std::string("user namespace: ") + error.what(),
                                                    syscall_error->error_number()));
        }
    }

    // The run is over when init has sent the test's status (it has killed and reaped everything
    // else first) or has died without one, and all output is passed on. Init's own exit — the
    // kernel unmounting the view and freeing the namespaces, ~1 ms — is not waited for: as with
    // bubblewrap, it finishes while isotest writes the report and returns.
    bool sandbox_over() const { return command_status_ || init_reaped_; }

    void event_loop() {
        bool caller_stdout_gone = false, caller_stderr_gone = false;
        // Only a capturing run tees into a caller's pipe; a relayed file is written.
        const bool stdout_is_pipe = outcome_.output_captured && is_pipe(STDOUT_FILENO);
        const bool stderr_is_pipe = outcome_.output_captured && is_pipe(STDERR_FILENO);
        BoundedCapture* stdout_capture = outcome_.output_captured ? &outcome_.stdout_capture : nullptr;
        BoundedCapture* stderr_capture = outcome_.output_captured ? &outcome_.stderr_capture : nullptr;
        while (!(command_status_ || (init_reaped_ && !channel_.valid())) || stdout_.valid() || stderr_.valid()) {
            pollfd fds[6];
            int count = 0;
            auto add = [&](const sys::UniqueFd& fd) {
                if (fd.valid()) fds[count++] = pollfd{fd.get(), POLLIN, 0};
            };
            if (!init_reaped_) add(signal_fd_);
            add(channel_);
            add(responder_);
            add(stdout_);
            add(stderr_);
            if (stdin_relay_.active() && !sandbox_over()) fds[count++] = pollfd{stdin_relay_.sink(), POLLOUT, 0};
            const int ready = ::poll(fds, static_cast<nfds_t>(count), poll_timeout_ms());
            if (ready < 0 && errno != EINTR) throw SyscallError("poll", "", errno);
            handle_deadlines();
            if (ready <= 0) continue;
            for (int i = 0; i < count; ++i) {
                if (fds[i].revents == 0) continue;
                const int fd = fds[i].fd;
                if (fd == signal_fd_.get()) {
                    handle_signals();
                } else if (fd == channel_.get()) {
                    read_records(channel_, channel_buffer_);
                } else if (fd == responder_.get()) {
                    read_records(responder_, responder_buffer_);
                } else if (fd == stdout_.get()) {
                    if (!relay::pump_output(stdout_, STDOUT_FILENO, stdout_is_pipe, stdout_capture, caller_stdout_gone,
                                            buffer_.get())) {
                        stdout_.reset();
                    }
                } else if (fd == stderr_.get()) {
                    if (!relay::pump_output(stderr_, STDERR_FILENO, stderr_is_pipe, stderr_capture, caller_stderr_gone,
                                            buffer_.get())) {
                        stderr_.reset();
                    }
                } else if (stdin_relay_.active() && fd == stdin_relay_.sink()) {
                    stdin_relay_.feed();
                }
            }
        }
    }

    int poll_timeout_ms() const {
        if (sandbox_over()) return -1;
        const double next = std::min(timeout_at_, kill_at_);
        if (next == kNever) return -1;
        const double remaining = next - sys::monotonic_seconds();
        return remaining <= 0 ? 0 : static_cast<int>(std::ceil(remaining * 1000.0));
    }

    void handle_deadlines() {
        if (sandbox_over()) return;
        const double now = sys::monotonic_seconds();
        if (now >= timeout_at_) {
            timeout_at_ = kNever;
            timed_out_ = true;
            // As coreutils timeout: SIGTERM, then SIGCONT, so that a test that stopped itself
            // (kill -STOP $$) gets its SIGTERM now rather than SIGKILL after the grace.
            forwarding::send(init_pid_, SIGTERM, forwarding::Recipient::test);
            forwarding::send(init_pid_, SIGCONT, forwarding::Recipient::continue_all);
            arm_kill();
        }
        if (now >= kill_at_) {
            kill_at_ = kNever;
            ::kill(init_pid_, SIGKILL);  // takes the whole PID namespace with it
        }
    }

    void arm_kill() {
        if (kill_at_ == kNever) kill_at_ = sys::monotonic_seconds() + spec_.kill_after_seconds;
    }

    // The test is in a session of its own (init.cpp), so nothing the caller's terminal sends
    // reaches it but through here.
    void handle_signals() {
        signalfd_siginfo info{};
        while (::read(signal_fd_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
            const int signal = static_cast<int>(info.ssi_signo);
            // Sent by the terminal (^C, ^\, a resize) to its foreground process group: the
            // test's own process group gets it, as the test's would have without isotest.
            const bool from_terminal = info.ssi_code == SI_KERNEL;
            switch (signal) {
                case SIGCHLD: reap_init(); break;
                case SIGTSTP: suspend(); break;
                case SIGCONT: break;  // after a suspension: resumed in suspend()
                case SIGWINCH: forwarding::send(init_pid_, signal, forwarding::Recipient::group); break;
                default:
                    outcome_.terminating_signal = signal;
                    forwarding::send(init_pid_, signal,
                                     from_terminal ? forwarding::Recipient::group : forwarding::Recipient::test);
                    arm_kill();
            }
        }
    }

    // ^Z (or SIGTSTP sent to isotest): the whole sandbox stops, then isotest itself, as the
    // job the shell sees; `fg`/`bg` (SIGCONT) resumes isotest, which resumes the sandbox. The
    // time spent stopped does not count towards --timeout or --kill-after.
    void suspend() {
        if (sandbox_over()) return;
        forwarding::send(init_pid_, SIGTSTP, forwarding::Recipient::stop_all);  // init cannot be sent SIGSTOP itself
        const double stopped_at = sys::monotonic_seconds();
        // Stop by SIGTSTP's own default action, so the shell reports the job as it would the
        // test's ("Stopped", not "Stopped (signal)"): raised while blocked, then let through.
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTSTP);
        ::raise(SIGTSTP);
        ::sigprocmask(SIG_UNBLOCK, &stop, nullptr);
        ::sigprocmask(SIG_BLOCK, &stop, nullptr);
        const double stopped_for = sys::monotonic_seconds() - stopped_at;
        if (timeout_at_ != kNever) timeout_at_ += stopped_for;
        if (kill_at_ != kNever) kill_at_ += stopped_for;
        forwarding::send(init_pid_, SIGCONT, forwarding::Recipient::continue_all);
    }

    // Every process of the test is gone by now (init swept them, or died and took them along).
    void release_cgroups() {
        outcome_.memory_limit_hit = cgroups_.memory_limit_hit();
        outcome_.process_limit_hit = cgroups_.process_limit_hit();
        join_files_.clear();
        cgroups_ = cgroup::SandboxCgroups();
    }

    void note_verbose(const std::string& note) const {
        if (spec_.verbose) print_verbose(note);
    }

    // Reaps init once it has exited (the namespace helper signals no exit: see start_helper).
    void reap_init(int options = WNOHANG) {
        if (init_reaped_ || init_pid_ <= 0) return;
        int status = 0;
        rusage usage{};
        pid_t reaped;
        while ((reaped = ::wait4(init_pid_, &status, options, &usage)) < 0 && errno == EINTR) {}
        if (reaped != init_pid_) return;
        init_reaped_ = true;
        init_status_ = status;
        if (command_status_) return;  // the usage record came with the status
        outcome_.user_seconds = sys::seconds(usage.ru_utime);
        outcome_.system_seconds = sys::seconds(usage.ru_stime);
        outcome_.peak_rss_kib = usage.ru_maxrss;
        outcome_.wall_seconds = sys::monotonic_seconds() - start_;
    }

    // Before isotest ends: only a reaped child's resource usage is added to ours and so reaches
    // our parent (`/usr/bin/time isotest ...`, a build system's rusage of the test). Init exits
    // right after its last record, cheaply: the helper holds what takes long to tear down.
    void reap_init_blocking() { reap_init(0); }

    // Records from init's channel or the responder's (the same encoding, each framed on its own).
    void read_records(sys::UniqueFd& from, std::string& pending) {
        char buffer[65536];
        const ssize_t n = ::read(from.get(), buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
        if (n <= 0) {
            from.reset();
            return;
        }
        pending.append(buffer, static_cast<std::size_t>(n));
        while (auto taken = channel::take(pending)) {
            if (const auto* garbled = std::get_if<channel::Garbled>(&*taken)) {
                stop_garbled_sandbox(*garbled);
                return;
            }
            std::visit([this](auto&& record) { handle(std::move(record)); }, std::get<channel::Record>(std::move(*taken)));
        }
    }

    // Init is not saying what it should: nothing more it says is believed, and the sandbox goes
    // (killing init takes its PID namespace along). The run is isotest's own failure.
    void stop_garbled_sandbox(const channel::Garbled& garbled) {
        garbled_message_ = channel::describe(garbled);
        channel_.reset();
        channel_buffer_.clear();
        responder_.reset();
        responder_buffer_.clear();
        if (!init_reaped_) ::kill(init_pid_, SIGKILL);
    }

    void handle(channel::Step&& step) { add_step(step.name, step.milliseconds); }
    void handle(channel::Note&& note) { note_verbose(note.text); }
    void handle(channel::Error&& error) {
        setup_error_ = true;
        outcome_.exit_code = error.exit_status;
        outcome_.message = std::move(error.message);
    }
    void handle(channel::CommandStatus&& status) {
        command_status_ = status.wait_status;
        outcome_.wall_seconds = sys::monotonic_seconds() - start_;
    }
    void handle(channel::Usage&& usage) {
        outcome_.user_seconds = usage.user_seconds;
        outcome_.system_seconds = usage.system_seconds;
        outcome_.peak_rss_kib = usage.peak_kib;
    }
    void handle(channel::LeftoverProcess&& process) { outcome_.leftover_processes.push_back(std::move(process.description)); }
    void handle(channel::LeftoverTotal&& total) { outcome_.leftover_processes_total = total.count; }
    void handle(channel::WrittenFile&& file) { outcome_.written_files.push_back(std::move(file.path)); }
    void handle(channel::WrittenTotal&& total) { outcome_.written_files_total = total.count; }
    void handle(channel::OwnXml&& xml) { outcome_.own_xml = std::move(xml.text); }  // up to 1 MiB: not copied
    void handle(channel::OwnXmlRefused&& refused) { outcome_.own_xml_refused = std::move(refused.reason); }
    void handle(channel::KeptWrites&& kept) { outcome_.kept_writes = std::move(kept.summary); }
    // First seen (printed with -v), or seen again (a later count).
    void handle(channel::NetworkAttempt&& record) {
        std::string description = packets::describe(record.attempt);
        for (char& c : description) {
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
        }
        auto& attempts = outcome_.network_attempts;
        const auto same = [&](const NetworkAttempt& attempt) { return attempt.description == description; };
        if (const auto found = std::find_if(attempts.begin(), attempts.end(), same); found != attempts.end()) {
            found->count = std::max(found->count, record.count);
            return;
        }
        if (attempts.size() >= attempt_log::kListed) return;  // the responder lists no more
        if (spec_.verbose) {
            char when[48];
            std::snprintf(when, sizeof when, " (at %.3f s)", record.first_seconds);
            print_verbose("network attempt refused: " + description + when);
        }
        attempts.push_back({std::move(description), record.first_seconds, record.count});
    }
    void handle(channel::NetworkUnlisted&& unlisted) { outcome_.network_attempts_unlisted = unlisted.count; }
    void handle(channel::NetworkUnrecorded&& unrecorded) {
        note_verbose("network attempts not recorded: " + unrecorded.reason);
        outcome_.network_unrecorded = std::move(unrecorded.reason);
    }

    void add_step(const std::string& name, double milliseconds) {
        outcome_.setup_steps.push_back({name, milliseconds});
        outcome_.setup_seconds += milliseconds / 1000.0;
        if (spec_.verbose) {
            char line[64];
            std::snprintf(line, sizeof line, "%8.3f ms  ", milliseconds);
            print_verbose(line + name);
        }
    }

    void conclude() {
        if (!garbled_message_.empty()) {
            outcome_.kind = OutcomeKind::setup_failed;
            outcome_.exit_code = exit_code::isotest_failure;
            outcome_.message = garbled_message_;
        } else if (setup_error_) {
            outcome_.kind = OutcomeKind::setup_failed;
        } else if (timed_out_) {
            outcome_.kind = OutcomeKind::timed_out;
            // What the test died of, for isotest.signal (SIGTERM, or SIGKILL after the grace).
            if (command_status_ && WIFSIGNALED(*command_status_)) outcome_.signal = WTERMSIG(*command_status_);
        } else if (command_status_) {
            describe_status(*command_status_);
        } else if (WIFSIGNALED(init_status_) && WTERMSIG(init_status_) == SIGKILL && outcome_.terminating_signal) {
            // We killed the sandbox after a forwarded signal went unanswered for --kill-after.
            describe_status(init_status_);
        } else {
            outcome_.kind = OutcomeKind::setup_failed;
            outcome_.exit_code = exit_code::isotest_failure;
            outcome_.message = "the sandbox's init process died unexpectedly (" +
                               (WIFSIGNALED(init_status_) ? signal_name(WTERMSIG(init_status_))
                                                          : "status " + std::to_string(WEXITSTATUS(init_status_))) +
                               ")";
        }
    }

    void describe_status(int status) {
        if (WIFSIGNALED(status)) {
            outcome_.kind = OutcomeKind::signaled;
            outcome_.signal = WTERMSIG(status);
            outcome_.core_dumped = WCOREDUMP(status);
        } else {
            outcome_.kind = OutcomeKind::exited;
            outcome_.exit_code = WEXITSTATUS(status);
        }
    }

    const SandboxSpec& spec_;
    Outcome outcome_;
    double start_ = 0;
    double timeout_at_ = kNever;
    double kill_at_ = kNever;
    sigset_t original_mask_{};
    struct sigaction original_sigpipe_ {};
    sys::UniqueFd signal_fd_, channel_, stdout_, stderr_;
    relay::InputRelay stdin_relay_;  // the caller's stdin is a file (descriptors.hpp)
    terminal::Settings terminal_;    // put back when the run ends
    std::string channel_buffer_;
    sys::Pipe responder_pipe_;      // --record-network: the helper's responder writes its records here
    sys::UniqueFd responder_;       // and we read them here
    std::string responder_buffer_;
    std::unique_ptr<char[]> buffer_;  // one read of captured output
    pid_t init_pid_ = -1;
    user::OwnMaps own_maps_;  // root: our own id maps, which the sandbox's copy as identity
    std::optional<id_map_helpers::Plan> subordinate_plan_;  // --map-subids, unprivileged
    pid_t helper_pid_ = -1;  // the namespace helper (ns_helper.hpp)
    bool init_reaped_ = false;
    int init_status_ = 0;
    bool timed_out_ = false;
    bool setup_error_ = false;
    std::string garbled_message_;  // the channel carried something that is no record
    std::optional<int> command_status_;
    cgroup::SandboxCgroups cgroups_;
    std::vector<sys::UniqueFd> join_files_;  // the test joins its cgroups through these
};

}  // namespace

Outcome run_sandboxed(const SandboxSpec& spec) { return Supervisor(spec).run(); }

}  // namespace isotest
