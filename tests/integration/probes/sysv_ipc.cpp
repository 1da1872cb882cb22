// Probe: SysV IPC objects by key.
//   sysv_ipc create shm|sem|msg KEY   creates it (exclusively), prints "created"
//   sysv_ipc exists shm|sem|msg KEY   prints "present" or "absent"
// Exit 0 on those answers, 1 on any other error.
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

int get(const std::string& kind, key_t key, int flags) {
    if (kind == "shm") return shmget(key, 4096, flags);
    if (kind == "sem") return semget(key, 1, flags);
    if (kind == "msg") return msgget(key, flags);
    errno = EINVAL;
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: sysv_ipc create|exists shm|sem|msg KEY\n");
        return 2;
    }
    const std::string action = argv[1];
    const std::string kind = argv[2];
    const key_t key = static_cast<key_t>(std::stol(argv[3], nullptr, 0));
    if (action == "create") {
        if (get(kind, key, IPC_CREAT | IPC_EXCL | 0600) < 0) {
            std::printf("create %s: %s\n", kind.c_str(), std::strerror(errno));
            return 1;
        }
        std::printf("created\n");
        return 0;
    }
    if (action == "exists") {
        if (get(kind, key, 0) >= 0) {
            std::printf("present\n");
            return 0;
        }
        if (errno == ENOENT) {
            std::printf("absent\n");
            return 0;
        }
        std::printf("get %s: %s\n", kind.c_str(), std::strerror(errno));
        return 1;
    }
    std::fprintf(stderr, "unknown action %s\n", action.c_str());
    return 2;
}
