#include "sandbox/pump.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <limits>

#include "sandbox/channel.hpp"
#include "sandbox/forwarding.hpp"
#include "sandbox/init.hpp"

namespace isotest::pump {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr int kCaptureChunk = relay::kChunk;

bool is_pipe(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && S_ISFIFO(info.st_mode);
}

}  // namespace

Signals take_signals() {
    Signals signals;
    sigemptyset(&signals.handled);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH}) {
        sigaddset(&signals.handled, signal);
    }
    sys::check(::sigprocmask(SIG_BLOCK, &signals.handled, &signals.original_mask), "sigprocmask");
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sys::check(::sigaction(SIGPIPE, &ignore, &signals.original_sigpipe), "sigaction", "SIGPIPE");
    signals.fd = sys::UniqueFd(sys::check(::signalfd(-1, &signals.handled, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd"));
    return signals;
}

Streams make_streams(const std::array<descriptors::StreamHandling, 3>& handling, bool capture) {
    using descriptors::StreamHandling;
    Streams streams;
    streams.stderr_in_stdout = handling[STDOUT_FILENO] != StreamHandling::closed &&
                               handling[STDERR_FILENO] != StreamHandling::closed &&
                               descriptors::share_open_file(STDOUT_FILENO, STDERR_FILENO);
    for (int fd = 0; fd < 3; ++fd) {
        const bool output = fd != STDIN_FILENO;
        if (fd == STDERR_FILENO && streams.stderr_in_stdout && streams.out.write_end.valid()) {
            streams.for_test[fd] = streams.out.write_end.get();
            continue;
        }
        sys::Pipe& pipe = fd == STDIN_FILENO ? streams.in : fd == STDOUT_FILENO ? streams.out : streams.err;
        streams.for_test[fd] = init::kKeepStream;
        if (handling[fd] == StreamHandling::closed) streams.for_test[fd] = init::kCloseStream;
        if (handling[fd] == StreamHandling::relay || (output && capture)) {
            pipe = sys::make_pipe();
            streams.for_test[fd] = output ? pipe.write_end.get() : pipe.read_end.get();
        } else if (handling[fd] == StreamHandling::null) {
            if (!streams.null.valid()) {
                streams.null = sys::UniqueFd(sys::check(::open("/dev/null", O_RDWR | O_CLOEXEC), "open", "/dev/null"));
            }
            streams.for_test[fd] = streams.null.get();
        }
    }
    // Bigger pipes mean fewer wake-ups per megabyte; best effort (capped by pipe-max-size).
    if (streams.out.write_end.valid()) ::fcntl(streams.out.write_end.get(), F_SETPIPE_SZ, kCaptureChunk);
    return streams;
}

std::optional<outcome_assembly::InitExit> reap(pid_t init_pid, bool block) {
    if (init_pid <= 0) return std::nullopt;
    outcome_assembly::InitExit exit;
    pid_t reaped;
    while ((reaped = ::wait4(init_pid, &exit.status, block ? 0 : WNOHANG, &exit.usage)) < 0 && errno == EINTR) {}
    if (reaped != init_pid) return std::nullopt;
    exit.at_seconds = sys::monotonic_seconds();
    return exit;
}

Pump::Pump(Ends ends, const Settings& settings, outcome_assembly::Assembly& assembly)
    : ends_(std::move(ends)),
      settings_(settings),
      assembly_(assembly),
      timeout_at_(settings.timeout_seconds ? settings.start_seconds + *settings.timeout_seconds : kNever),
      kill_at_(kNever),
      stdout_capture_(settings.max_output_bytes),
      stderr_capture_(settings.max_output_bytes) {
    // Untouched pages cost nothing until used.
    if (ends_.stdout_pipe.valid() || ends_.stderr_pipe.valid()) buffer_.reset(new char[kCaptureChunk]);
}

bool Pump::sandbox_over() const { return assembly_.command_finished() || init_reaped_; }

void Pump::run() {
    bool caller_stdout_gone = false, caller_stderr_gone = false;
    // Only a capturing run tees into a caller's pipe; a relayed file is written.
    const bool stdout_is_pipe = settings_.capture && is_pipe(STDOUT_FILENO);
    const bool stderr_is_pipe = settings_.capture && is_pipe(STDERR_FILENO);
    BoundedCapture* stdout_capture = settings_.capture ? &stdout_capture_ : nullptr;
    BoundedCapture* stderr_capture = settings_.capture ? &stderr_capture_ : nullptr;
    auto& [signals, channel, responder, out, err, stdin_relay] = ends_;
    while (!(assembly_.command_finished() || (init_reaped_ && !channel.valid())) || out.valid() || err.valid()) {
        pollfd fds[6];
        int count = 0;
        auto add = [&](const sys::UniqueFd& fd) {
            if (fd.valid()) fds[count++] = pollfd{fd.get(), POLLIN, 0};
        };
        if (!init_reaped_) add(signals);
        add(channel);
        add(responder);
        add(out);
        add(err);
        if (stdin_relay.active() && !sandbox_over()) fds[count++] = pollfd{stdin_relay.sink(), POLLOUT, 0};
        const int ready = ::poll(fds, static_cast<nfds_t>(count), poll_timeout_ms());
        if (ready < 0 && errno != EINTR) throw SyscallError("poll", "", errno);
        handle_deadlines();
        if (ready <= 0) continue;
        for (int i = 0; i < count; ++i) {
            if (fds[i].revents == 0) continue;
            const int fd = fds[i].fd;
            if (fd == signals.get()) {
                handle_signals();
            } else if (fd == channel.get()) {
                read_records(channel, channel_buffer_);
            } else if (fd == responder.get()) {
                read_records(responder, responder_buffer_);
            } else if (fd == out.get()) {
                if (!relay::pump_output(out, STDOUT_FILENO, stdout_is_pipe, stdout_capture, caller_stdout_gone,
                                        buffer_.get())) {
                    out.reset();
                }
            } else if (fd == err.get()) {
                if (!relay::pump_output(err, STDERR_FILENO, stderr_is_pipe, stderr_capture, caller_stderr_gone,
                                        buffer_.get())) {
                    err.reset();
                }
            } else if (stdin_relay.active() && fd == stdin_relay.sink()) {
                stdin_relay.feed();
            }
        }
    }
}

void Pump::reap_init() { reap_init_if_exited(true); }

void Pump::drain_responder() {
    while (ends_.responder.valid()) read_records(ends_.responder, responder_buffer_);
}

int Pump::poll_timeout_ms() const {
    if (sandbox_over()) return -1;
    const double next = std::min(timeout_at_, kill_at_);
    if (next == kNever) return -1;
    const double remaining = next - sys::monotonic_seconds();
    return remaining <= 0 ? 0 : static_cast<int>(std::ceil(remaining * 1000.0));
}

void Pump::handle_deadlines() {
    if (sandbox_over()) return;
    const double now = sys::monotonic_seconds();
    if (now >= timeout_at_) {
        timeout_at_ = kNever;
        assembly_.timed_out();
        // As coreutils timeout: SIGTERM, then SIGCONT, so that a test that stopped itself
        // (kill -STOP $$) gets its SIGTERM now rather than SIGKILL after the grace.
        forwarding::send(settings_.init_pid, SIGTERM, forwarding::Recipient::test);
        forwarding::send(settings_.init_pid, SIGCONT, forwarding::Recipient::continue_all);
        arm_kill();
    }
    if (now >= kill_at_) {
        kill_at_ = kNever;
        ::kill(settings_.init_pid, SIGKILL);  // takes the whole PID namespace with it
    }
}

void Pump::arm_kill() {
    if (kill_at_ == kNever) kill_at_ = sys::monotonic_seconds() + settings_.kill_after_seconds;
}

// The test is in a session of its own (init.cpp), so nothing the caller's terminal sends
// reaches it but through here.
void Pump::handle_signals() {
    signalfd_siginfo info{};
    while (::read(ends_.signals.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        const int signal = static_cast<int>(info.ssi_signo);
        // Sent by the terminal (^C, ^\, a resize) to its foreground process group: the
        // test's own process group gets it, as the test's would have without isotest.
        const bool from_terminal = info.ssi_code == SI_KERNEL;
        switch (signal) {
            case SIGCHLD: reap_init_if_exited(false); break;
            case SIGTSTP: suspend(); break;
            case SIGCONT: break;  // after a suspension: resumed in suspend()
            case SIGWINCH: forwarding::send(settings_.init_pid, signal, forwarding::Recipient::group); break;
            default:
                assembly_.signal_forwarded(signal);
                forwarding::send(settings_.init_pid, signal,
                                 from_terminal ? forwarding::Recipient::group : forwarding::Recipient::test);
                arm_kill();
        }
    }
}

// ^Z (or SIGTSTP sent to isotest): the whole sandbox stops, then isotest itself, as the job
// the shell sees; `fg`/`bg` (SIGCONT) resumes isotest, which resumes the sandbox. The time
// spent stopped does not count towards --timeout or --kill-after.
void Pump::suspend() {
    if (sandbox_over()) return;
    // Init cannot be sent SIGSTOP itself.
    forwarding::send(settings_.init_pid, SIGTSTP, forwarding::Recipient::stop_all);
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
    forwarding::send(settings_.init_pid, SIGCONT, forwarding::Recipient::continue_all);
}

// The namespace helper signals no exit (launch.cpp): SIGCHLD is init's.
void Pump::reap_init_if_exited(bool block) {
    if (init_reaped_) return;
    const auto exit = reap(settings_.init_pid, block);
    if (!exit) return;
    init_reaped_ = true;
    assembly_.init_exited(*exit);
}

// Records from init's channel or the responder's (the same encoding, each framed on its own).
void Pump::read_records(sys::UniqueFd& from, std::string& pending) {
    char buffer[65536];
    const ssize_t n = ::read(from.get(), buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        from.reset();
        return;
    }
    pending.append(buffer, static_cast<std::size_t>(n));
    const double now = sys::monotonic_seconds();
    while (auto taken = channel::take(pending)) {
        if (!assembly_.take(std::move(*taken), now)) {
            stop_garbled_sandbox();
            return;
        }
    }
}

// The sandbox is not saying what it should: nothing more it says is believed, and the sandbox
// goes (killing init takes its PID namespace along). The run is isotest's own failure.
void Pump::stop_garbled_sandbox() {
    ends_.channel.reset();
    channel_buffer_.clear();
    ends_.responder.reset();
    responder_buffer_.clear();
    if (!init_reaped_) ::kill(settings_.init_pid, SIGKILL);
}

}  // namespace isotest::pump
