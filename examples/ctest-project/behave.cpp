// A test program told what to do: `behave exit N` exits with N, `behave sleep S` sleeps S
// seconds (fractional) and passes.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: behave exit N | behave sleep SECONDS\n");
        return 2;
    }
    const std::string action = argv[1];
    if (action == "exit") return std::atoi(argv[2]);
    if (action == "sleep") {
        std::this_thread::sleep_for(std::chrono::duration<double>(std::atof(argv[2])));
        return 0;
    }
    std::fprintf(stderr, "behave: unknown action %s\n", argv[1]);
    return 2;
}
