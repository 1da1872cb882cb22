// try_run() probe: says where it ran. Under isotest it would see the hostname "localhost".
#include <unistd.h>

#include <cstdio>

int main() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return 1;
    std::printf("hostname %s", name);
    return 0;
}
