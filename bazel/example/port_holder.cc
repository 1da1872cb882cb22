// Binds a fixed TCP port on 127.0.0.1 and holds it, as many server tests do. Two of these side
// by side (`bazel test --jobs=2`) clash on the host's network; under isotest each test has its
// own loopback and both bind.
//
//   port_holder PORT SELF PEER
// With $PORT_RENDEZVOUS_DIR set, SELF holds the port until PEER has bound it too (markers
// SELF.bound / SELF.failed in that directory), which proves both held it at the same time.
// Without it, it holds the port for two seconds.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

namespace {

void mark(const std::filesystem::path& file) { std::ofstream(file) << getpid() << "\n"; }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: port_holder PORT SELF PEER\n";
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const std::string self = argv[2];
    const std::string peer = argv[3];
    const char* rendezvous = std::getenv("PORT_RENDEZVOUS_DIR");

    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 1) != 0) {
        std::cerr << self << ": cannot bind 127.0.0.1:" << port << ": " << std::strerror(errno) << "\n";
        if (rendezvous) mark(std::filesystem::path(rendezvous) / (self + ".failed"));
        return 1;
    }
    std::cout << self << ": holding 127.0.0.1:" << port << std::endl;
    if (!rendezvous) {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        return 0;
    }
    const std::filesystem::path dir = rendezvous;
    mark(dir / (self + ".bound"));
    for (int waited = 0; waited < 600; ++waited) {  // 30 s: the peer may still be building
        if (std::filesystem::exists(dir / (peer + ".bound"))) {
            std::cout << self << ": " << peer << " holds the same port at the same time" << std::endl;
            return 0;
        }
        if (std::filesystem::exists(dir / (peer + ".failed"))) {
            std::cout << self << ": " << peer << " could not bind the port (clash)" << std::endl;
            return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::cerr << self << ": " << peer << " never started\n";
    return 1;
}
