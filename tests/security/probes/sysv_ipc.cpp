// Probe: look for the host's SysV objects from inside. Usage: sysv_ipc KEY SHMID SEMID MSGID.
// For each kind prints the errno name (or "ok") of: lookup by key, IPC_STAT by id, IPC_RMID by id.
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {
const char* outcome(int result) { return result < 0 ? ::strerrorname_np(errno) : "ok"; }
}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: sysv_ipc KEY SHMID SEMID MSGID\n");
        return 2;
    }
    const key_t key = static_cast<key_t>(std::stol(argv[1]));
    const int shm = std::stoi(argv[2]), sem = std::stoi(argv[3]), msg = std::stoi(argv[4]);
    shmid_ds shm_info{};
    msqid_ds msg_info{};
    std::printf("shm key %s\n", outcome(::shmget(key, 0, 0)));
    std::printf("shm stat %s\n", outcome(::shmctl(shm, IPC_STAT, &shm_info)));
    std::printf("shm rmid %s\n", outcome(::shmctl(shm, IPC_RMID, nullptr)));
    std::printf("sem key %s\n", outcome(::semget(key, 0, 0)));
    std::printf("sem stat %s\n", outcome(::semctl(sem, 0, GETVAL)));
    std::printf("sem rmid %s\n", outcome(::semctl(sem, 0, IPC_RMID)));
    std::printf("msg key %s\n", outcome(::msgget(key, 0)));
    std::printf("msg stat %s\n", outcome(::msgctl(msg, IPC_STAT, &msg_info)));
    std::printf("msg rmid %s\n", outcome(::msgctl(msg, IPC_RMID, nullptr)));
    return 0;
}
