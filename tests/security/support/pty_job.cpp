#include "pty_job.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "isotest_run.hpp"
#include "probes.hpp"

namespace sectest {

namespace {

int checked(int result, const char* what) {
    if (result < 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    return result;
}

}  // namespace

struct PtyJob::State {
    int master = -1;
    int slave = -1;    // kept open: the terminal's settings and input queue stay readable
    int events = -1;   // read end: the shell's lines
    int commands = -1; // write end: "fg"
    pid_t shell = -1;
    std::string pending_events;
    mutable std::mutex screen_lock;
    std::string screen;
    std::atomic<bool> stop{false};
    std::thread reader;
};

PtyJob::PtyJob(const std::vector<std::string>& command, bool raw) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.master = checked(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), "posix_openpt");
    checked(::grantpt(s.master), "grantpt");
    checked(::unlockpt(s.master), "unlockpt");
    const std::string slave_path = ::ptsname(s.master);
    s.slave = checked(::open(slave_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC), "open slave");
    termios modes{};
    checked(::tcgetattr(s.slave, &modes), "tcgetattr");
    if (raw) ::cfmakeraw(&modes);
    checked(::tcsetattr(s.slave, TCSANOW, &modes), "tcsetattr");
    const winsize size{24, 80, 0, 0};
    checked(::ioctl(s.slave, TIOCSWINSZ, &size), "TIOCSWINSZ");

    int events[2], commands[2];
    checked(::pipe2(events, O_CLOEXEC), "pipe2");
    checked(::pipe2(commands, O_CLOEXEC), "pipe2");
    std::vector<std::string> words = {probe("job_shell"), slave_path, std::to_string(events[1]),
                                      std::to_string(commands[0]), "--"};
    words.insert(words.end(), command.begin(), command.end());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    s.shell = checked(::fork(), "fork");
    if (s.shell == 0) {
        // The shell's two pipe ends survive its execve; nothing else of ours does.
        ::fcntl(events[1], F_SETFD, 0);
        ::fcntl(commands[0], F_SETFD, 0);
        for (int signal = 1; signal < NSIG; ++signal) ::signal(signal, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(events[1]);
    ::close(commands[0]);
    s.events = events[0];
    s.commands = commands[1];
    s.reader = std::thread([&s] {
        char buffer[4096];
        while (!s.stop) {
            pollfd readable{s.master, POLLIN, 0};
            if (::poll(&readable, 1, 20) <= 0) continue;
            const ssize_t n = ::read(s.master, buffer, sizeof buffer);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 && errno == EIO) {  // no slave open but ours: nothing to read now
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    continue;
                }
                return;
            }
            std::lock_guard<std::mutex> lock(s.screen_lock);
            s.screen.append(buffer, static_cast<std::size_t>(n));
        }
    });
}

PtyJob::~PtyJob() {
    State& s = *state_;
    ::close(s.commands);  // the shell kills the job and exits
    ::kill(s.shell, SIGKILL);
    ::waitpid(s.shell, nullptr, 0);
    s.stop = true;
    s.reader.join();
    for (int fd : {s.master, s.slave, s.events}) ::close(fd);
}

void PtyJob::type(const std::string& keys) {
    if (::write(state_->master, keys.data(), keys.size()) != static_cast<ssize_t>(keys.size())) {
        throw std::runtime_error(std::string("typing at the terminal: ") + std::strerror(errno));
    }
}

std::string PtyJob::screen() const {
    std::lock_guard<std::mutex> lock(state_->screen_lock);
    return state_->screen;
}

std::string PtyJob::next_event(std::chrono::milliseconds limit) {
    State& s = *state_;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const auto newline = s.pending_events.find('\n');
        if (newline != std::string::npos) {
            std::string line = s.pending_events.substr(0, newline);
            s.pending_events.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return "";
        pollfd readable{s.events, POLLIN, 0};
        if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[256];
        const ssize_t n = ::read(s.events, buffer, sizeof buffer);
        if (n <= 0) return "";
        s.pending_events.append(buffer, static_cast<std::size_t>(n));
    }
}

void PtyJob::foreground() {
    if (::write(state_->commands, "fg\n", 3) != 3) throw std::runtime_error("job_shell: fg");
}

void PtyJob::resize(unsigned short rows, unsigned short columns) {
    const winsize size{rows, columns, 0, 0};
    checked(::ioctl(state_->master, TIOCSWINSZ, &size), "TIOCSWINSZ");
}

termios PtyJob::modes() const {
    termios modes{};
    checked(::tcgetattr(state_->slave, &modes), "tcgetattr");
    return modes;
}

int PtyJob::exclusive() const {
    int exclusive = 0;
    checked(::ioctl(state_->slave, TIOCGEXCL, &exclusive), "TIOCGEXCL");
    return exclusive;
}

int PtyJob::unread_input() const {
    int count = 0;
    checked(::ioctl(state_->slave, FIONREAD, &count), "FIONREAD");
    return count;
}

bool PtyJob::output_flows() {
    const std::string marker = "flowing-" + std::to_string(::getpid()) + "\n";
    const int flags = ::fcntl(state_->slave, F_GETFL);
    ::fcntl(state_->slave, F_SETFL, flags | O_NONBLOCK);
    const ssize_t written = ::write(state_->slave, marker.data(), marker.size());
    ::fcntl(state_->slave, F_SETFL, flags);
    if (written <= 0) return false;
    return testsupport::eventually([&] { return screen().find("flowing-") != std::string::npos; },
                                   std::chrono::seconds(5));
}

}  // namespace sectest
