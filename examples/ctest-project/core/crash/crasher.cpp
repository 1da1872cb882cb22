// Crashes as asked: `crasher segfault` writes through a null pointer (SIGSEGV), `crasher abort`
// calls abort() (SIGABRT).
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "abort") == 0) std::abort();
    if (argc == 2 && std::strcmp(argv[1], "segfault") == 0) {
        volatile int* nowhere = nullptr;
        *nowhere = 1;
    }
    return 2;
}
