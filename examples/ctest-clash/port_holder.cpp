// A "server test": binds a fixed TCP port on 127.0.0.1 and serves for a few seconds. Several of
// these under a plain `ctest -j4` fight over the port ("Address already in use"); under isotest
// each test has its own loopback interface and all of them pass.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: port_holder PORT SECONDS\n";
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const int seconds = std::atoi(argv[2]);
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 1) != 0) {
        std::cerr << "cannot bind 127.0.0.1:" << port << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    std::cout << "serving on 127.0.0.1:" << port << " for " << seconds << " s" << std::endl;
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    close(fd);
    return 0;
}
