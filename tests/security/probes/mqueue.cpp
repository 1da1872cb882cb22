// Probe: open and unlink the POSIX message queue NAME ("/name"); prints the errno name or "ok"
// of each.
#include <fcntl.h>
#include <mqueue.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: mqueue /NAME\n");
        return 2;
    }
    const mqd_t queue = ::mq_open(argv[1], O_RDWR);
    std::printf("open %s\n", queue == static_cast<mqd_t>(-1) ? ::strerrorname_np(errno) : "ok");
    if (queue != static_cast<mqd_t>(-1)) ::mq_close(queue);
    std::printf("unlink %s\n", ::mq_unlink(argv[1]) < 0 ? ::strerrorname_np(errno) : "ok");
    return 0;
}
