// Probe: runs COMMAND... as root of a new user namespace that maps every id to itself, in a new
// mount namespace (so the host's mounts arrive locked) — what isotest sees when run as root in
// a container with a full id map. Only the host's root can write such a map.
//   full_user_namespace COMMAND [ARG...]
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

bool write_file(const std::string& path, const char* text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool written = ::write(fd, text, std::strlen(text)) == static_cast<ssize_t>(std::strlen(text));
    ::close(fd);
    return written;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: full_user_namespace COMMAND [ARG...]\n");
        return 2;
    }
    int go[2];
    if (::pipe2(go, O_CLOEXEC) != 0) return 1;
    const pid_t child = ::fork();
    if (child < 0) return 1;
    if (child == 0) {
        ::close(go[1]);
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
            std::perror("unshare");
            _exit(1);
        }
        char byte;
        if (::read(go[0], &byte, 1) != 1) _exit(1);  // the parent has written our maps
        ::execvp(argv[1], argv + 1);
        std::perror(argv[1]);
        _exit(127);
    }
    ::close(go[0]);
    // Wait for the child's unshare: its user namespace differs from ours once done.
    const std::string ns = "/proc/" + std::to_string(child) + "/ns/user";
    char ours[64] = {}, theirs[64] = {};
    if (::readlink("/proc/self/ns/user", ours, sizeof ours - 1) < 0) return 1;
    for (int i = 0; i < 10000; ++i) {
        if (::readlink(ns.c_str(), theirs, sizeof theirs - 1) > 0 && std::strcmp(ours, theirs) != 0) break;
        ::usleep(100);
    }
    const std::string proc = "/proc/" + std::to_string(child);
    if (!write_file(proc + "/uid_map", "0 0 4294967295\n") || !write_file(proc + "/gid_map", "0 0 4294967295\n")) {
        std::fprintf(stderr, "full_user_namespace: cannot map every id: %s\n", std::strerror(errno));
        ::kill(child, SIGKILL);
        return 1;
    }
    if (::write(go[1], "g", 1) != 1) return 1;
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
