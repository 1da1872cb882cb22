#include "sandbox/id_map_helpers.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "sandbox/syscall.hpp"

namespace isotest::id_map_helpers {

namespace {

constexpr const char* kDirectories[] = {"/usr/bin/", "/bin/"};
constexpr std::size_t kMaxComplaintBytes = 1024;

// A started helper: its pid and the read end of its stderr.
struct Running {
    std::string command_line;
    pid_t pid = -1;
    sys::UniqueFd complaints;
};

// Owns the posix_spawn attribute objects for one call.
class SpawnSetup {
public:
    explicit SpawnSetup(int stderr_fd) {
        ::posix_spawn_file_actions_init(&actions_);
        ::posix_spawnattr_init(&attributes_);
        // Nothing of ours but a pipe for its complaints: no caller's descriptor (a --pass-fd
        // one is not close-on-exec), no terminal; our blocked signals and ignored SIGPIPE undone.
        ::posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        ::posix_spawn_file_actions_addopen(&actions_, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        ::posix_spawn_file_actions_adddup2(&actions_, stderr_fd, STDERR_FILENO);
        ::posix_spawn_file_actions_addclosefrom_np(&actions_, STDERR_FILENO + 1);
        sigset_t none, all;
        sigemptyset(&none);
        sigfillset(&all);
        ::posix_spawnattr_setsigmask(&attributes_, &none);
        ::posix_spawnattr_setsigdefault(&attributes_, &all);
        ::posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }
    ~SpawnSetup() {
        ::posix_spawn_file_actions_destroy(&actions_);
        ::posix_spawnattr_destroy(&attributes_);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    const posix_spawn_file_actions_t* actions() const { return &actions_; }
    const posix_spawnattr_t* attributes() const { return &attributes_; }

private:
    posix_spawn_file_actions_t actions_;
    posix_spawnattr_t attributes_;
};

Running start(const std::string& path, const std::vector<std::string>& args) {
    Running running;
    for (const auto& word : args) running.command_line += (running.command_line.empty() ? "" : " ") + word;
    sys::Pipe complaints = sys::make_pipe();
    const SpawnSetup setup(complaints.write_end.get());
    std::vector<char*> argv;
    for (const auto& word : args) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    char* no_environment[] = {nullptr};  // a setuid program cleans it anyway; messages in English
    const int error = ::posix_spawn(&running.pid, path.c_str(), setup.actions(), setup.attributes(), argv.data(),
                                    no_environment);
    if (error != 0) throw SyscallError("posix_spawn", path, error);
    running.complaints = std::move(complaints.read_end);
    return running;
}

// What it printed (its first kMaxComplaintBytes, on one line), read to end of file so that it
// never blocks on a full pipe, and how it ended.
std::string finish(Running& running) {
    std::string complaint;
    char buffer[512];
    for (ssize_t n; (n = ::read(running.complaints.get(), buffer, sizeof buffer)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        if (complaint.size() < kMaxComplaintBytes) {
            complaint.append(buffer, std::min(static_cast<std::size_t>(n), kMaxComplaintBytes - complaint.size()));
        }
    }
    int status = 0;
    while (::waitpid(running.pid, &status, 0) < 0) {
        if (errno != EINTR) return running.command_line + ": waitpid: " + std::strerror(errno);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    while (!complaint.empty() && (complaint.back() == '\n' || complaint.back() == ' ')) complaint.pop_back();
    for (char& c : complaint) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                              : std::string("killed by signal ") + std::to_string(WTERMSIG(status));
    return running.command_line + " failed (" + how + ")" + (complaint.empty() ? "" : ": " + complaint);
}

}  // namespace

std::string find(const char* name, std::string& why_not) {
    for (const char* directory : kDirectories) {
        const std::string path = std::string(directory) + name;
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0) continue;
        if (!S_ISREG(info.st_mode) || info.st_uid != 0 || (info.st_mode & (S_IWGRP | S_IWOTH))) {
            why_not = path + " is not a root-owned file only root may write; not running it";
            return "";
        }
        return path;
    }
    why_not = std::string(name) + " not found in /usr/bin or /bin (install it: Debian's and Ubuntu's package uidmap, "
                                  "Fedora's shadow-utils)";
    return "";
}

std::vector<std::string> arguments(const char* name, pid_t pid, const std::vector<user::IdRange>& map) {
    std::vector<std::string> args{name, std::to_string(pid)};
    for (const user::IdRange& range : map) {
        for (unsigned long value : {range.inside, range.outside, range.count}) args.push_back(std::to_string(value));
    }
    return args;
}

std::optional<Plan> plan(uid_t invoker_uid, gid_t invoker_gid, uid_t inside_uid, gid_t inside_gid, std::string& why_not) {
    Plan plan;
    plan.newuidmap = find("newuidmap", why_not);
    if (plan.newuidmap.empty()) return std::nullopt;
    plan.newgidmap = find("newgidmap", why_not);
    if (plan.newgidmap.empty()) return std::nullopt;
    auto maps = subordinate_ids::plan(invoker_uid, invoker_gid, inside_uid, inside_gid, why_not);
    if (!maps) return std::nullopt;
    plan.maps = std::move(*maps);
    return plan;
}

void write_maps(pid_t pid, const Plan& plan) {
    sys::write_file("/proc/" + std::to_string(pid) + "/setgroups", "deny");
    Running uid = start(plan.newuidmap, arguments("newuidmap", pid, plan.maps.uid));
    std::string failure;
    try {
        Running gid = start(plan.newgidmap, arguments("newgidmap", pid, plan.maps.gid));
        failure = finish(gid);
    } catch (const Error& error) {
        failure = error.what();
    }
    const std::string uid_failure = finish(uid);
    if (!uid_failure.empty()) failure = uid_failure;
    if (!failure.empty()) throw Error(failure);
}

}  // namespace isotest::id_map_helpers
