// Probe: a job-control shell in a few lines, for the terminal tests. Started by the test with
// a pseudo-terminal's slave path; it leads a new session whose controlling terminal that is,
// runs COMMAND as a foreground job in a process group of its own (as bash runs a command typed
// at its prompt), and tells the test what becomes of the job on EVENTS_FD, one line each:
// "stopped N", "continued", "exited N", "signaled N". It takes "fg\n" on COMMANDS_FD: the job
// gets the terminal back and SIGCONT, as with bash's fg.
//   job_shell SLAVE EVENTS_FD COMMANDS_FD -- COMMAND [ARG...]
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void say(int fd, const std::string& line) {
    const std::string text = line + "\n";
    if (::write(fd, text.data(), text.size()) < 0) std::_Exit(3);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6 || std::strcmp(argv[4], "--") != 0) {
        std::fprintf(stderr, "usage: job_shell SLAVE EVENTS_FD COMMANDS_FD -- COMMAND [ARG...]\n");
        return 2;
    }
    const int events = std::atoi(argv[2]);
    const int commands = std::atoi(argv[3]);
    if (::setsid() < 0) return 3;
    const int terminal = ::open(argv[1], O_RDWR);
    if (terminal < 0 || ::ioctl(terminal, TIOCSCTTY, 0) != 0) return 3;
    // A shell ignores the job-control signals it sends or gets as the terminal's owner.
    ::signal(SIGTTOU, SIG_IGN);
    ::signal(SIGTTIN, SIG_IGN);
    ::signal(SIGTSTP, SIG_IGN);
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGQUIT, SIG_IGN);

    int go[2];
    if (::pipe(go) != 0) return 3;
    const pid_t job = ::fork();
    if (job == 0) {
        ::setpgid(0, 0);
        char byte;
        ::close(go[1]);
        if (::read(go[0], &byte, 1) != 0) std::_Exit(3);  // the shell has handed it the terminal
        for (int fd = 0; fd < 3; ++fd) ::dup2(terminal, fd);
        for (int signal : {SIGTTOU, SIGTTIN, SIGTSTP, SIGINT, SIGQUIT}) ::signal(signal, SIG_DFL);
        ::close(terminal);
        ::close(events);
        ::close(commands);
        ::execvp(argv[5], argv + 5);
        std::_Exit(127);
    }
    ::setpgid(job, job);
    ::tcsetpgrp(terminal, job);
    ::close(go[0]);
    ::close(go[1]);

    for (;;) {
        int status = 0;
        const pid_t changed = ::waitpid(job, &status, WNOHANG | WUNTRACED | WCONTINUED);
        if (changed == job) {
            if (WIFSTOPPED(status)) {
                ::tcsetpgrp(terminal, ::getpgrp());  // the shell takes the terminal back
                say(events, "stopped " + std::to_string(WSTOPSIG(status)));
            } else if (WIFCONTINUED(status)) {
                say(events, "continued");
            } else if (WIFEXITED(status)) {
                say(events, "exited " + std::to_string(WEXITSTATUS(status)));
                return 0;
            } else if (WIFSIGNALED(status)) {
                say(events, "signaled " + std::to_string(WTERMSIG(status)));
                return 0;
            }
        }
        pollfd command{commands, POLLIN, 0};
        if (::poll(&command, 1, 10) > 0) {
            char text[8] = {};
            const ssize_t n = ::read(commands, text, sizeof text - 1);
            if (n <= 0) {
                ::kill(-job, SIGKILL);  // the test went away
                return 0;
            }
            if (std::strncmp(text, "fg", 2) == 0) {
                ::tcsetpgrp(terminal, job);
                ::kill(-job, SIGCONT);
            }
        }
    }
}
