// max_rss OUT PROGRAM [ARG...]: runs PROGRAM with our stdin, stdout and stderr, writes its peak
// resident set size in KiB to OUT and exits with its status (128+N if it died of signal N).
// The figure is wait4's ru_maxrss: the larger of PROGRAM's own peak and those of the children
// it reaped, so for isotest an upper bound on the supervisor's own (isotest does not wait for
// its init, but may reap it; init's peak is never above the supervisor's plus the file it reads).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: max_rss OUT PROGRAM [ARG...]\n");
        return 2;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        std::fprintf(stderr, "max_rss: fork: %s\n", std::strerror(errno));
        return 2;
    }
    if (child == 0) {
        ::execvp(argv[2], argv + 2);
        std::fprintf(stderr, "max_rss: exec %s: %s\n", argv[2], std::strerror(errno));
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(child, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "max_rss: wait4: %s\n", std::strerror(errno));
            return 2;
        }
    }
    std::FILE* out = std::fopen(argv[1], "w");
    if (out == nullptr || std::fprintf(out, "%ld\n", usage.ru_maxrss) < 0 || std::fclose(out) != 0) {
        std::fprintf(stderr, "max_rss: cannot write %s\n", argv[1]);
        return 2;
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
