// Probe: a bounded fork bomb. Every process forks two children until DEPTH levels exist
// (2^(DEPTH+1)-1 processes), then sleeps forever. The first process counts what happened
// through a pipe, prints "created N failed M" and exits, leaving the rest running. TAG is
// ignored: it marks every process's command line, so the host can look for them.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

constexpr char kFailed = '!';

// Each fork attempt ends up as exactly one byte: the child's depth letter, or kFailed.
[[noreturn]] void grow(int depth, int max_depth, int report_fd) {
    const char created = static_cast<char>('a' + depth);
    (void)!::write(report_fd, &created, 1);
    if (depth < max_depth) {
        for (int child = 0; child < 2; ++child) {
            const pid_t pid = ::fork();
            if (pid == 0) grow(depth + 1, max_depth, report_fd);
            if (pid < 0) (void)!::write(report_fd, &kFailed, 1);
        }
    }
    for (;;) ::pause();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: fork_tree DEPTH [TAG]\n");
        return 2;
    }
    const int max_depth = std::stoi(argv[1]);
    int report[2];
    if (::pipe(report) != 0) return 2;
    long expected = 2, received = 0, created = 0, failed = 0;
    std::string first_error;
    for (int child = 0; child < 2; ++child) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(report[0]);
            grow(1, max_depth, report[1]);
        }
        if (pid < 0) {
            ++failed;
            ++received;
            first_error = ::strerrorname_np(errno);
        }
    }
    ::close(report[1]);
    while (received < expected) {
        char byte;
        const ssize_t n = ::read(report[0], &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // every writer is gone: nothing more can arrive
        ++received;
        if (byte == kFailed) {
            ++failed;
        } else {
            ++created;
            if (byte - 'a' < max_depth) expected += 2;
        }
    }
    std::printf("created %ld failed %ld\n", created, failed);
    return 0;
}
