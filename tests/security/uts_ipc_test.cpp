// Issue 6: the host's hostname and its SysV and POSIX IPC objects are out of a test's reach.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <random>

#include "host.hpp"
#include "host_processes.hpp"
#include "isotest_run.hpp"
#include "probes.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

const std::vector<std::vector<std::string>> kIdentities = {{}, {"--root"}};

TEST(Hostname, HostsCannotBeChanged) {
    const std::string before = host_name();
    const std::string script = probe("set_hostname") + " evil-direct; "
                               "unshare --user --map-root-user --uts " + probe("set_hostname") + " evil-nested; hostname";
    for (const auto& identity : kIdentities) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--hostname", "sandboxed", "--", "sh", "-c", script});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        // Only a nested UTS namespace of the test's own may be renamed.
        EXPECT_EQ(r.out, "EPERM\nchanged\nsandboxed\n") << r.describe();
        EXPECT_EQ(host_name(), before) << r.describe();
    }
}

// Host SysV objects under one random key, removed when the test ends.
class HostSysvObjects {
public:
    HostSysvObjects() {
        std::random_device random;
        key = static_cast<key_t>(0x5ec00000 | (random() & 0xfffff));
        shm = ::shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
        sem = ::semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
        msg = ::msgget(key, IPC_CREAT | IPC_EXCL | 0600);
    }
    ~HostSysvObjects() {
        ::shmctl(shm, IPC_RMID, nullptr);
        ::semctl(sem, 0, IPC_RMID);
        ::msgctl(msg, IPC_RMID, nullptr);
    }
    bool all_exist() const {
        shmid_ds shm_info{};
        msqid_ds msg_info{};
        return ::shmctl(shm, IPC_STAT, &shm_info) == 0 && ::semctl(sem, 0, GETVAL) >= 0 &&
               ::msgctl(msg, IPC_STAT, &msg_info) == 0;
    }
    key_t key;
    int shm, sem, msg;
};

TEST(Ipc, HostSysvObjectsCannotBeFoundOrRemoved) {
    HostSysvObjects host;
    ASSERT_TRUE(host.shm >= 0 && host.sem >= 0 && host.msg >= 0) << "cannot create host SysV objects";
    ASSERT_TRUE(host.all_exist());
    for (const auto& identity : kIdentities) {
        std::vector<std::string> args = identity;
        args.insert(args.end(), {"--", probe("sysv_ipc"), std::to_string(host.key), std::to_string(host.shm),
                                 std::to_string(host.sem), std::to_string(host.msg)});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        for (const auto& line : lines_of(r.out)) {
            EXPECT_FALSE(contains(line, " ok")) << line << "\n" << r.describe();
        }
        EXPECT_EQ(lines_of(r.out).size(), 9u) << r.describe();
        EXPECT_TRUE(host.all_exist()) << "a host SysV object is gone\n" << r.describe();
    }
}

TEST(Ipc, HostPosixQueueCannotBeOpenedOrRemoved) {
    const std::string name = "/" + unique_token();
    mq_attr attributes{};
    attributes.mq_maxmsg = 1;
    attributes.mq_msgsize = 16;
    const mqd_t queue = ::mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600, &attributes);
    ASSERT_NE(queue, static_cast<mqd_t>(-1)) << "cannot create a host POSIX message queue";
    for (const auto& identity : kIdentities) {
        const RunResult r = run_isotest_sh(identity, {"ls -A /dev/mqueue; " + probe("mqueue") + " " + name});
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "open ENOENT\nunlink ENOENT\n") << r.describe();
        const mqd_t again = ::mq_open(name.c_str(), O_RDWR);
        EXPECT_NE(again, static_cast<mqd_t>(-1)) << "the host's queue is gone\n" << r.describe();
        if (again != static_cast<mqd_t>(-1)) ::mq_close(again);
    }
    ::mq_close(queue);
    ::mq_unlink(name.c_str());
}

}  // namespace
}  // namespace sectest
