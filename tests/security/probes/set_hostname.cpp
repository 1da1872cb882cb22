// Probe: sethostname(NAME); prints "changed" or the errno name.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: set_hostname NAME\n");
        return 2;
    }
    const int result = ::sethostname(argv[1], std::strlen(argv[1]));
    std::printf("%s\n", result == 0 ? "changed" : ::strerrorname_np(errno));
    return 0;
}
