// Issue 2, point 4 (IPC): host SysV shm/sem/msg and POSIX message queues are invisible inside,
// and what the test creates is gone afterwards.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "isotest_run.hpp"
#include "paths.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

// Keys no other process uses: our pid in the low bits, a tag per object in the high bits.
key_t key_for(int tag) { return static_cast<key_t>((0x4900 + tag) << 20 | (::getpid() & 0xfffff)); }

int sysv_get(const std::string& kind, key_t key, int flags) {
    if (kind == "shm") return ::shmget(key, 4096, flags);
    if (kind == "sem") return ::semget(key, 1, flags);
    return ::msgget(key, flags);
}

void sysv_remove(const std::string& kind, int id) {
    if (kind == "shm") ::shmctl(id, IPC_RMID, nullptr);
    else if (kind == "sem") ::semctl(id, 0, IPC_RMID);
    else ::msgctl(id, IPC_RMID, nullptr);
}

// A SysV object on the host, removed when this goes away.
class HostSysvObject {
public:
    HostSysvObject(std::string kind, key_t key) : kind_(std::move(kind)) {
        id_ = sysv_get(kind_, key, IPC_CREAT | IPC_EXCL | 0600);
        if (id_ < 0) throw std::runtime_error(kind_ + "get: " + std::strerror(errno));
    }
    ~HostSysvObject() { sysv_remove(kind_, id_); }
    HostSysvObject(const HostSysvObject&) = delete;
    HostSysvObject& operator=(const HostSysvObject&) = delete;

private:
    std::string kind_;
    int id_ = -1;
};

// A POSIX message queue on the host, unlinked when this goes away.
class HostMessageQueue {
public:
    explicit HostMessageQueue(std::string name) : name_(std::move(name)) {
        mqd_t queue = ::mq_open(name_.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600, nullptr);
        if (queue == static_cast<mqd_t>(-1)) {
            throw std::runtime_error("mq_open " + name_ + ": " + std::strerror(errno));
        }
        ::mq_close(queue);
    }
    ~HostMessageQueue() { ::mq_unlink(name_.c_str()); }
    HostMessageQueue(const HostMessageQueue&) = delete;
    HostMessageQueue& operator=(const HostMessageQueue&) = delete;

private:
    std::string name_;
};

bool host_has_sysv(const std::string& kind, key_t key) { return sysv_get(kind, key, 0) >= 0; }

class SysvIpc : public testing::TestWithParam<std::string> {};

TEST_P(SysvIpc, HostObjectsAreInvisibleInside) {
    const std::string kind = GetParam();
    const key_t key = key_for(1);
    HostSysvObject host(kind, key);
    ASSERT_TRUE(host_has_sysv(kind, key));
    const RunResult r = run_isotest({"--", probe::sysv_ipc, "exists", kind, std::to_string(key)});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "absent\n") << r.describe();
}

TEST_P(SysvIpc, ObjectsCreatedInsideAreGoneAfterwards) {
    const std::string kind = GetParam();
    const key_t key = key_for(2);
    const std::string key_text = std::to_string(key);
    const std::string probe = sh_quote(probe::sysv_ipc);
    const RunResult created = run_isotest({"--", "sh", "-c",
                                           probe + " create " + kind + " " + key_text + " && " +
                                               probe + " exists " + kind + " " + key_text});
    EXPECT_EQ(created.exit_code, 0) << created.describe();
    EXPECT_EQ(created.out, "created\npresent\n") << created.describe();
    const bool leaked = host_has_sysv(kind, key);
    if (leaked) sysv_remove(kind, sysv_get(kind, key, 0));
    EXPECT_FALSE(leaked) << "the sandbox's " << kind << " reached the host";
    const RunResult next = run_isotest({"--", probe::sysv_ipc, "exists", kind, key_text});
    EXPECT_EQ(next.exit_code, 0) << next.describe();
    EXPECT_EQ(next.out, "absent\n") << next.describe();
}

INSTANTIATE_TEST_SUITE_P(Kinds, SysvIpc, testing::Values("shm", "sem", "msg"));

TEST(SysvIpcListing, ProcSysvipcShowsNothingOfTheHost) {
    HostSysvObject shm("shm", key_for(3));
    HostSysvObject sem("sem", key_for(4));
    HostSysvObject msg("msg", key_for(5));
    // Each file has a header line and then one line per object.
    const RunResult r = run_isotest(
        {"--", "sh", "-c", "cat /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg | wc -l"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "3\n") << r.describe();
}

TEST(PosixMqueue, HostQueuesAreInvisibleInside) {
    const std::string name = "/isotest-itest-host-" + std::to_string(::getpid());
    HostMessageQueue host(name);
    const RunResult r = run_isotest({"--", "sh", "-c",
                                     sh_quote(probe::posix_mqueue) + " exists " + name +
                                         "; ls -A /dev/mqueue; echo end"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "absent\nend\n") << r.describe();
}

TEST(PosixMqueue, QueuesCreatedInsideAreGoneAfterwards) {
    const std::string name = "/isotest-itest-inside-" + std::to_string(::getpid());
    const std::string probe = sh_quote(probe::posix_mqueue);
    // /dev/mqueue inside is the sandbox's own mqueue file system: it shows the new queue.
    const RunResult created = run_isotest({"--", "sh", "-c",
                                           probe + " create " + name + " && " + probe + " exists " +
                                               name + " && ls -A /dev/mqueue"});
    EXPECT_EQ(created.exit_code, 0) << created.describe();
    EXPECT_EQ(created.out, "created\npresent\n" + name.substr(1) + "\n") << created.describe();
    const mqd_t on_host = ::mq_open(name.c_str(), O_RDONLY);
    const bool leaked = on_host != static_cast<mqd_t>(-1);
    if (leaked) {
        ::mq_close(on_host);
        ::mq_unlink(name.c_str());
    }
    EXPECT_FALSE(leaked) << "the sandbox's message queue reached the host";
    const RunResult next = run_isotest({"--", probe::posix_mqueue, "exists", name});
    EXPECT_EQ(next.exit_code, 0) << next.describe();
    EXPECT_EQ(next.out, "absent\n") << next.describe();
}

}  // namespace
}  // namespace itest
