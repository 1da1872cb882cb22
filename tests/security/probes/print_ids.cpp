// Probe: prints "RUID EUID", so a setuid copy shows whether exec raised its privileges.
#include <unistd.h>

#include <cstdio>

int main() {
    std::printf("%u %u\n", static_cast<unsigned>(::getuid()), static_cast<unsigned>(::geteuid()));
    return 0;
}
