// Probe: POSIX message queues by name ("/name").
//   posix_mqueue create NAME   creates it (exclusively), prints "created"
//   posix_mqueue exists NAME   prints "present" or "absent"
// Exit 0 on those answers, 1 on any other error.
#include <fcntl.h>
#include <mqueue.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: posix_mqueue create|exists NAME\n");
        return 2;
    }
    const std::string action = argv[1];
    if (action == "create") {
        const mqd_t queue = mq_open(argv[2], O_CREAT | O_EXCL | O_RDWR, 0600, nullptr);
        if (queue == static_cast<mqd_t>(-1)) {
            std::printf("mq_open: %s\n", std::strerror(errno));
            return 1;
        }
        mq_close(queue);
        std::printf("created\n");
        return 0;
    }
    if (action == "exists") {
        const mqd_t queue = mq_open(argv[2], O_RDONLY);
        if (queue != static_cast<mqd_t>(-1)) {
            mq_close(queue);
            std::printf("present\n");
            return 0;
        }
        if (errno == ENOENT) {
            std::printf("absent\n");
            return 0;
        }
        std::printf("mq_open: %s\n", std::strerror(errno));
        return 1;
    }
    std::fprintf(stderr, "unknown action %s\n", action.c_str());
    return 2;
}
