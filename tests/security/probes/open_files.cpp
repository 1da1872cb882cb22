// Probe: opens /dev/null until that fails or COUNT are open; prints "opened N" and, if it
// stopped early, the errno name.
#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: open_files COUNT\n");
        return 2;
    }
    const long wanted = std::stol(argv[1]);
    long opened = 0;
    int error = 0;
    for (; opened < wanted; ++opened) {
        if (::open("/dev/null", O_RDONLY) < 0) {
            error = errno;
            break;
        }
    }
    std::printf("opened %ld%s%s\n", opened, error ? " " : "", error ? ::strerrorname_np(error) : "");
    return 0;
}
