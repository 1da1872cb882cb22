// Probe: what a test can do to the terminal it reaches through its standard streams or
// /dev/tty.
//   terminal inject  -- tries to push "INJECTED" into the terminal's input (TIOCSTI, also with
//                       the high bits of the command word set, and TIOCLINUX's paste) through
//                       each standard stream and /dev/tty; prints "<way>: refused|injected|none"
//   terminal steal [FD|PATH]
//                    -- makes the terminal on stdin (or descriptor FD, or PATH opened) its own
//                       controlling terminal (a session of its own, TIOCSCTTY: possible where
//                       no other session holds it), then tries to inject through it; prints
//                       "<stdin|fd FD|PATH>: refused|injected|none"
//   terminal meddle  -- changes what it can of the terminal on stdin: modes (no echo, raw),
//                       exclusive mode, and stops its output; prints "meddled"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

// ioctl through the raw system call, so that a command word with high bits reaches the kernel
// as it is (glibc's ioctl takes an unsigned long too, but says nothing about passing it on).
long raw_ioctl(int fd, unsigned long command, const void* argument) {
    return ::syscall(SYS_ioctl, fd, command, argument);
}

bool try_inject(int fd) {
    bool injected = false;
    for (const char c : std::string("INJECTED\n")) {
        if (raw_ioctl(fd, TIOCSTI, &c) == 0) injected = true;
        if (raw_ioctl(fd, TIOCSTI | (1UL << 32), &c) == 0) injected = true;
    }
    const char paste = 3;  // TIOCL_PASTESEL
    if (raw_ioctl(fd, TIOCLINUX, &paste) == 0) injected = true;
    return injected;
}

void report(const std::string& way, int fd) {
    if (fd < 0 || !::isatty(fd)) {
        std::printf("%s: none\n", way.c_str());
    } else {
        std::printf("%s: %s\n", way.c_str(), try_inject(fd) ? "injected" : "refused");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "inject") {
        report("stdin", 0);
        report("stdout", 1);
        report("stderr", 2);
        const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY);
        report("/dev/tty", tty);
        std::fflush(stdout);
        return 0;
    }
    if (mode == "steal") {
        const std::string where = argc > 2 ? argv[2] : "";
        int fd = 0;
        std::string way = "stdin";
        if (!where.empty() && where[0] == '/') {
            fd = ::open(where.c_str(), O_RDWR | O_NOCTTY);
            way = where;
        } else if (!where.empty()) {
            fd = std::stoi(where);
            way = "fd " + where;
        }
        ::setsid();
        ::ioctl(fd, TIOCSCTTY, 0);
        report(way, fd);
        std::fflush(stdout);
        return 0;
    }
    if (mode == "meddle") {
        termios modes{};
        if (::tcgetattr(0, &modes) != 0) {
            std::printf("stdin is no terminal\n");
            return 1;
        }
        ::cfmakeraw(&modes);
        modes.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(0, TCSANOW, &modes);
        ::ioctl(0, TIOCEXCL);
        std::printf("meddled\n");
        std::fflush(stdout);
        ::tcflow(0, TCOOFF);
        return 0;
    }
    std::fprintf(stderr, "usage: terminal inject|meddle\n");
    return 2;
}
