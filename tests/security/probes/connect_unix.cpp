// Probe: connect to the Unix socket at PATH. Prints "connected" (exit 1: the sandbox let it
// through) or "refused: ERRNO" (exit 0).
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2 || std::strlen(argv[1]) >= sizeof(sockaddr_un::sun_path)) {
        std::fprintf(stderr, "usage: connect_unix PATH (shorter than %zu bytes)\n", sizeof(sockaddr_un::sun_path));
        return 2;
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, argv[1]);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::printf("refused: %s\n", ::strerrorname_np(errno));
        return 0;
    }
    std::printf("connected\n");
    ::close(fd);
    return 1;
}
