// A test that assumes the machine is called "localhost" (as on a developer's laptop or in the
// CI image someone once wrote it on). It fails on any other host, unless isotest gives the test
// its own UTS namespace with hostname "localhost".
#include <unistd.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string expected = argc > 1 ? argv[1] : "localhost";
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) {
        std::perror("gethostname");
        return 1;
    }
    if (expected != name) {
        std::cerr << "hostname is '" << name << "', expected '" << expected << "'\n";
        return 1;
    }
    std::cout << "hostname is " << name << "\n";
    return 0;
}
