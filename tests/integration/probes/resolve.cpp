// Probe: resolves each argument with getaddrinfo (AF_UNSPEC, no AI_NUMERICHOST: the lookup goes
// through NSS as a test's own would), and prints one line each: "NAME ADDR..." with the
// distinct addresses sorted, or "NAME error: REASON", then " (N ms)" taken.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const auto start = std::chrono::steady_clock::now();
        const int error = ::getaddrinfo(argv[i], nullptr, &hints, &found);
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        std::string line = argv[i];
        if (error != 0) {
            line += std::string(" error: ") + ::gai_strerror(error);
        } else {
            std::vector<std::string> seen;
            for (const addrinfo* at = found; at; at = at->ai_next) {
                char text[INET6_ADDRSTRLEN] = {};
                const void* address = at->ai_family == AF_INET
                                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(at->ai_addr)->sin_addr)
                                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(at->ai_addr)->sin6_addr);
                ::inet_ntop(at->ai_family, address, text, sizeof text);
                if (std::find(seen.begin(), seen.end(), text) == seen.end()) seen.push_back(text);
            }
            ::freeaddrinfo(found);
            std::sort(seen.begin(), seen.end());
            for (const auto& address : seen) line += " " + address;
        }
        std::printf("%s (%lld ms)\n", line.c_str(), static_cast<long long>(ms));
    }
    return 0;
}
