// Probe: listen on 127.0.0.1:PORT, create READY_FILE, hold the port until RELEASE_FILE exists
// (at most 60 s). Prints "bind: <error>" and exits 1 when the port cannot be had.
//   listen_and_hold PORT READY_FILE RELEASE_FILE
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: listen_and_hold PORT READY_FILE RELEASE_FILE\n");
        return 2;
    }
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        std::printf("socket: %s\n", std::strerror(errno));
        return 1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::stoi(argv[1])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::printf("bind: %s\n", std::strerror(errno));
        return 1;
    }
    if (listen(fd, 4) != 0) {
        std::printf("listen: %s\n", std::strerror(errno));
        return 1;
    }
    std::printf("listening\n");
    std::fflush(stdout);
    std::ofstream(argv[2]) << "listening\n";
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::filesystem::exists(argv[3])) {
        if (std::chrono::steady_clock::now() > give_up) {
            std::printf("never released\n");
            return 3;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    close(fd);
    return 0;
}
