// Probe: binds 127.0.0.1:PORT, connects to itself and passes one byte through, so two tests
// binding the same port at the same time would clash. Prints "ok" or what failed (exit 1).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {
int fail(const char* what) {
    std::printf("%s: %s\n", what, ::strerrorname_np(errno));
    return 1;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hold_port PORT [MARKER]\n");
        return 2;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::stoi(argv[1])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server < 0) return fail("socket");
    if (::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return fail("bind");
    if (::listen(server, 1) != 0) return fail("listen");
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return fail("connect");
    const int accepted = ::accept(server, nullptr, nullptr);
    if (accepted < 0) return fail("accept");
    char byte = 'x';
    if (::write(client, &byte, 1) != 1) return fail("write");
    if (::read(accepted, &byte, 1) != 1) return fail("read");
    std::printf("ok\n");
    return 0;
}
