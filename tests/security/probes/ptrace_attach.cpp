// Probe: try to ptrace-attach to PID. Prints "attached" (exit 1) or "refused: ERRNO" (exit 0).
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: ptrace_attach PID\n");
        return 2;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(argv[1]));
    if (::ptrace(PTRACE_SEIZE, pid, nullptr, nullptr) != 0) {
        std::printf("refused: %s\n", ::strerrorname_np(errno));
        return 0;
    }
    ::ptrace(PTRACE_DETACH, pid, nullptr, nullptr);
    std::printf("attached\n");
    return 1;
}
