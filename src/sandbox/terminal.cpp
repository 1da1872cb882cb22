#include "sandbox/terminal.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace isotest::terminal {

namespace {

bool same_modes(const termios& a, const termios& b) {
    return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag &&
           a.c_line == b.c_line && std::memcmp(a.c_cc, b.c_cc, sizeof a.c_cc) == 0 &&
           ::cfgetispeed(&a) == ::cfgetispeed(&b) && ::cfgetospeed(&a) == ::cfgetospeed(&b);
}

// While isotest is a background job, changing the terminal would stop it with SIGTTOU unless
// the signal is blocked; blocked, the kernel lets the change through.
class TtouBlocked {
public:
    TtouBlocked() {
        sigset_t ttou;
        sigemptyset(&ttou);
        sigaddset(&ttou, SIGTTOU);
        ::sigprocmask(SIG_BLOCK, &ttou, &previous_);
    }
    ~TtouBlocked() { ::sigprocmask(SIG_SETMASK, &previous_, nullptr); }
    TtouBlocked(const TtouBlocked&) = delete;
    TtouBlocked& operator=(const TtouBlocked&) = delete;

private:
    sigset_t previous_;
};

}  // namespace

Settings Settings::record(const std::vector<int>& fds) {
    Settings settings;
    for (const int fd : fds) {
        struct stat info {};
        Terminal terminal{};
        if (::fstat(fd, &info) != 0 || !S_ISCHR(info.st_mode) || ::tcgetattr(fd, &terminal.modes) != 0) continue;
        const auto known = std::find_if(settings.terminals_.begin(), settings.terminals_.end(),
                                        [&](const Terminal& t) { return t.device == info.st_rdev; });
        if (known != settings.terminals_.end()) continue;
        terminal.fd = fd;
        terminal.device = info.st_rdev;
        terminal.has_line_discipline = ::ioctl(fd, TIOCGETD, &terminal.line_discipline) == 0;
        terminal.has_exclusive = ::ioctl(fd, TIOCGEXCL, &terminal.exclusive) == 0;
        settings.terminals_.push_back(terminal);
    }
    return settings;
}

void Settings::restore() const {
    if (terminals_.empty()) return;
    const TtouBlocked blocked;
    for (const Terminal& terminal : terminals_) {
        const int fd = terminal.fd;
        int line_discipline = 0;
        if (terminal.has_line_discipline && ::ioctl(fd, TIOCGETD, &line_discipline) == 0 &&
            line_discipline != terminal.line_discipline) {
            ::ioctl(fd, TIOCSETD, &terminal.line_discipline);
        }
        termios modes{};
        if (::tcgetattr(fd, &modes) == 0 && !same_modes(modes, terminal.modes)) {
            ::tcsetattr(fd, TCSADRAIN, &terminal.modes);
        }
        int exclusive = 0;
        if (terminal.has_exclusive && ::ioctl(fd, TIOCGEXCL, &exclusive) == 0 && exclusive != terminal.exclusive) {
            ::ioctl(fd, terminal.exclusive ? TIOCEXCL : TIOCNXCL);
        }
        ::tcflow(fd, TCOON);
    }
}

}  // namespace isotest::terminal
