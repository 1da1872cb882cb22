// Probe: uses a device node passed with --dev, from inside the sandbox.
//   device_use open PATH   opens PATH read-write (else read-only); prints "opened" or the errno text
//   device_use tun NAME    makes tun interface NAME through /dev/net/tun (TUNSETIFF) and prints
//                          "tun NAME up as interface N" once this network namespace lists it
//   device_use fuse DIR    mounts a FUSE file system at DIR (made if absent), in a user and mount
//                          namespace of its own, served by this process through /dev/fuse:
//                          answers the kernel's INIT, then a child
//                          stats DIR and the GETATTR it causes is answered with a 0751 directory;
//                          prints "fuse: is a directory of mode 751"
// Exit 0 on those answers, 1 on any other error (printed).
#include <fcntl.h>
#include <linux/fuse.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

int fail(const char* what) {
    std::printf("%s: %s\n", what, std::strerror(errno));
    return 1;
}

int open_device(const char* path) {
    int fd = ::open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && (errno == EACCES || errno == EROFS)) fd = ::open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        std::printf("%s\n", std::strerror(errno));
        return 0;
    }
    ::close(fd);
    std::printf("opened\n");
    return 0;
}

int make_tun(const char* name) {
    const int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return fail("open /dev/net/tun");
    ifreq request{};
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::snprintf(request.ifr_name, IFNAMSIZ, "%s", name);
    if (::ioctl(fd, TUNSETIFF, &request) < 0) return fail("ioctl TUNSETIFF");
    const unsigned index = ::if_nametoindex(name);
    if (index == 0) return fail("if_nametoindex");
    std::printf("tun %s up as interface %u\n", request.ifr_name, index);
    return 0;
}

// Answers one request with `body` (or with -error and no body).
bool reply(int fd, const fuse_in_header& in, int error, const void* body, std::size_t size) {
    fuse_out_header out{};
    out.unique = in.unique;
    out.error = -error;
    std::vector<char> message(sizeof out + (error ? 0 : size));
    out.len = static_cast<unsigned>(message.size());
    std::memcpy(message.data(), &out, sizeof out);
    if (!error && size) std::memcpy(message.data() + sizeof out, body, size);
    return ::write(fd, message.data(), message.size()) == static_cast<ssize_t>(message.size());
}

// Serves requests until the child that stats `dir` has exited; returns the child's status.
int serve(int fd, pid_t child, bool& init_answered) {
    std::vector<char> buffer(FUSE_MIN_READ_BUFFER + 65536);
    for (int rounds = 0; rounds < 1000; ++rounds) {  // 10 s at most
        int status = 0;
        if (::waitpid(child, &status, WNOHANG) == child) return status;
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 10) <= 0) continue;
        const ssize_t length = ::read(fd, buffer.data(), buffer.size());
        if (length < static_cast<ssize_t>(sizeof(fuse_in_header))) continue;
        fuse_in_header in{};
        std::memcpy(&in, buffer.data(), sizeof in);
        if (in.opcode == FUSE_INIT) {
            fuse_init_in init_in{};
            std::memcpy(&init_in, buffer.data() + sizeof in, std::min(sizeof init_in, static_cast<std::size_t>(length) - sizeof in));
            fuse_init_out init{};
            init.major = FUSE_KERNEL_VERSION;
            init.minor = std::min<unsigned>(init_in.minor, FUSE_KERNEL_MINOR_VERSION);
            init.max_write = 65536;
            init.max_readahead = init_in.max_readahead;
            init_answered = reply(fd, in, 0, &init, sizeof init);
        } else if (in.opcode == FUSE_GETATTR) {
            fuse_attr_out attr{};
            attr.attr.ino = 1;
            attr.attr.mode = S_IFDIR | 0751;
            attr.attr.nlink = 2;
            attr.attr.uid = 0;  // the mount namespace's root: us
            attr.attr.gid = 0;
            reply(fd, in, 0, &attr, sizeof attr);
        } else if (in.opcode != FUSE_FORGET && in.opcode != FUSE_BATCH_FORGET) {
            reply(fd, in, ENOSYS, nullptr, 0);
        }
    }
    ::kill(child, SIGKILL);
    return -1;
}

int mount_fuse(const char* dir) {
    if (::mkdir(dir, 0755) < 0 && errno != EEXIST) return fail("mkdir");
    // The sandbox's test has no CAP_SYS_ADMIN (not even with --root): like a rootless FUSE tool,
    // it mounts in a user and mount namespace of its own, where it is root.
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) return fail("unshare");
    for (const auto& [file, text] : {std::pair<const char*, std::string>{"/proc/self/setgroups", "deny"},
                                     {"/proc/self/uid_map", "0 " + std::to_string(uid) + " 1"},
                                     {"/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"}}) {
        const int map = ::open(file, O_WRONLY | O_CLOEXEC);
        if (map < 0 || ::write(map, text.data(), text.size()) != static_cast<ssize_t>(text.size())) return fail(file);
        ::close(map);
    }
    // Opened in the namespace that mounts: the kernel takes only a descriptor opened there.
    const int fd = ::open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) return fail("open /dev/fuse");
    const std::string options = "fd=" + std::to_string(fd) + ",rootmode=40000,user_id=0,group_id=0";
    if (::mount("isotest-probe", dir, "fuse.isotest-probe", MS_NOSUID | MS_NODEV, options.c_str()) < 0) {
        return fail("mount fuse");
    }
    const pid_t child = ::fork();
    if (child < 0) return fail("fork");
    if (child == 0) {
        struct stat info {};
        if (::stat(dir, &info) < 0) _exit(fail("stat"));
        std::printf("is a %s of mode %o\n", S_ISDIR(info.st_mode) ? "directory" : "non-directory",
                    static_cast<unsigned>(info.st_mode & 07777));
        std::fflush(stdout);
        _exit(0);
    }
    std::printf("fuse: ");
    std::fflush(stdout);
    bool init_answered = false;
    const int status = serve(fd, child, init_answered);
    ::umount2(dir, MNT_DETACH);
    if (!init_answered) std::printf("no INIT from the kernel\n");
    return init_answered && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: device_use open PATH | tun NAME | fuse DIR\n");
        return 2;
    }
    const std::string action = argv[1];
    if (action == "open") return open_device(argv[2]);
    if (action == "tun") return make_tun(argv[2]);
    if (action == "fuse") return mount_fuse(argv[2]);
    std::fprintf(stderr, "unknown action %s\n", argv[1]);
    return 2;
}
