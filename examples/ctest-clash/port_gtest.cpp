// GoogleTest cases that each start a server on the same fixed port. gtest_discover_tests makes
// each case its own CTest test, so `ctest -j4` runs them side by side: they clash without
// isotest and pass with isotest_gtest_discover_tests.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#ifndef CLASH_GTEST_PORT
#error "CLASH_GTEST_PORT must be defined"
#endif

namespace {

void serve_for_a_while() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(CLASH_GTEST_PORT);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0)
        << "port " << CLASH_GTEST_PORT << ": " << std::strerror(errno);
    ASSERT_EQ(listen(fd, 1), 0) << std::strerror(errno);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    close(fd);
}

}  // namespace

TEST(Server, StartsOnItsPort) { serve_for_a_while(); }
TEST(Server, RestartsOnItsPort) { serve_for_a_while(); }
