// Probe: listen on 127.0.0.1:PORT, create READY_FILE, hold the port until RELEASE_FILE exists
// (at most 60 s). Prints "bind: <error>" and exits 1 when the port cannot be had.
//   listen_and_hold PORT READY_FILE RELEASE_FILE
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tcp_probe.hpp"

int main(int argc, char** argv) {
    tcp_probe::require_arguments(argc, 3, "listen_and_hold PORT READY_FILE RELEASE_FILE");
    auto [fd, address] = tcp_probe::open_endpoint(argv[1]);
    if (fd < 0) return tcp_probe::refused;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        return tcp_probe::report_refused("bind");
    }
    if (listen(fd, 4) != 0) return tcp_probe::report_refused("listen");
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
