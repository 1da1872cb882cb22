// Probe: connect to IPV4_ADDRESS:PORT over TCP, waiting at most 10 s. Prints "connected"
// (exit 1: the sandbox let it through) or "refused: ERRNO" / "refused: timeout" (exit 0).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: connect_tcp IPV4_ADDRESS PORT\n");
        return 2;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        std::printf("refused: socket %s\n", ::strerrorname_np(errno));
        return 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::stoi(argv[2])));
    if (::inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        std::fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
        return 2;
    }
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (errno != EINPROGRESS) {
            std::printf("refused: %s\n", ::strerrorname_np(errno));
            return 0;
        }
        pollfd wait_for{fd, POLLOUT, 0};
        if (::poll(&wait_for, 1, 10000) != 1) {
            std::printf("refused: timeout\n");
            return 0;
        }
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            std::printf("refused: %s\n", ::strerrorname_np(error));
            return 0;
        }
    }
    std::printf("connected\n");
    ::close(fd);
    return 1;
}
