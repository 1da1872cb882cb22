// Probe: makes its stdout's open file description non-blocking, as some parents do to a pipe
// they share with a child, then execs ARGV[1...].
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: nonblocking_stdout COMMAND [ARG...]\n");
        return 2;
    }
    const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    if (flags < 0 || ::fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK) < 0) {
        std::perror("nonblocking_stdout: fcntl");
        return 2;
    }
    ::execvp(argv[1], argv + 1);
    std::perror("nonblocking_stdout: execvp");
    return 127;
}
