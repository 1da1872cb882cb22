// Probe: tries what an ordinary process may not do and prints how each attempt ended, one
// "CALL RESULT" line each (RESULT: ok, or the errno's name, e.g. EPERM):
//   chown-root   chown(FILE, 0, -1)
//   setuid-0     setuid(0)
//   setgid-0     setgid(0)
//   setgroups    setgroups(0, NULL)
//   identity_calls FILE
#include <grp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

void report(const char* call, int result) {
    std::printf("%s %s\n", call, result == 0 ? "ok" : strerrorname_np(errno));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    report("chown-root", ::chown(argv[1], 0, static_cast<gid_t>(-1)));
    // Group first: once the uid is 0 (root's tests), setgid could only succeed.
    report("setgid-0", ::setgid(0));
    report("setgroups", ::setgroups(0, nullptr));
    report("setuid-0", ::setuid(0));
    return 0;
}
