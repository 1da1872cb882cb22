#include "sandbox/cgroup.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "isotest/directory.hpp"
#include "sandbox/cgroup_plan.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::cgroup {
namespace {

constexpr const char* kPrefix = "isotest.";
constexpr const char* kDelegationFix =
    " (to get one unprivileged, run isotest in a scope of your systemd user manager: systemd-run --user --scope -- isotest ...)";

std::string mebibytes(std::uint64_t bytes) {
    if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
    return std::to_string(bytes) + " bytes";
}

// Cgroups of isotest runs that were SIGKILLed (nothing could remove them): empty by now, since
// their processes died with the run. A cgroup still in use refuses rmdir and stays.
void remove_stale(const std::string& parent) {
    directory::for_each_entry(parent.c_str(), [&](const dirent64& entry) {
        const std::string name = entry.d_name;
        if (name.rfind(kPrefix, 0) != 0) return true;
        const std::string pid = name.substr(std::char_traits<char>::length(kPrefix));
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit) || pid.size() > 9) return true;
        if (::kill(std::stoi(pid), 0) == 0 || errno != ESRCH) return true;  // its isotest still runs
        ::rmdir((parent + "/" + name).c_str());
        return true;
    });
}

}  // namespace

SandboxCgroups::SandboxCgroups(SandboxCgroups&& other) noexcept
    : cgroups_(std::exchange(other.cgroups_, {})),
      reaper_(std::exchange(other.reaper_, -1)),
      reaper_pipe_(std::move(other.reaper_pipe_)) {}

SandboxCgroups& SandboxCgroups::operator=(SandboxCgroups&& other) noexcept {
    if (this != &other) {
        SandboxCgroups old(std::move(*this));
        cgroups_ = std::exchange(other.cgroups_, {});
        reaper_ = std::exchange(other.reaper_, -1);
        reaper_pipe_ = std::move(other.reaper_pipe_);
    }
    return *this;
}

SandboxCgroups::~SandboxCgroups() {
    bool all_removed = true;
    for (const Created& cgroup : cgroups_) {
        // The last exits may still be unlinking from the cgroup: up to ~100 ms of EBUSY.
        int attempt = 0;
        while (::rmdir(cgroup.directory.c_str()) != 0 && errno == EBUSY && attempt++ < 100) ::usleep(1000);
        all_removed = all_removed && ::access(cgroup.directory.c_str(), F_OK) != 0;
    }
    reaper_pipe_.reset();
    // A cgroup still in use is the reaper's to remove once it empties: not waited for.
    if (reaper_ > 0 && all_removed) {
        while (::waitpid(reaper_, nullptr, 0) < 0 && errno == EINTR) {}
    }
}

void SandboxCgroups::start_reaper(std::vector<std::string>& notes) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
        notes.push_back(std::string("cgroups: ") + SyscallError("pipe2", "", errno).what() + " (no reaper: a killed run's cgroup waits for the next run)");
        return;
    }
    sys::UniqueFd read_end(ends[0]);
    reaper_pipe_ = sys::UniqueFd(ends[1]);
    std::vector<const char*> directories;
    for (const Created& cgroup : cgroups_) directories.push_back(cgroup.directory.c_str());
    const pid_t pid = ::fork();
    if (pid < 0) {
        notes.push_back(std::string("cgroups: ") + SyscallError("fork", "the cgroup reaper", errno).what());
        reaper_pipe_.reset();
        return;
    }
    if (pid > 0) {
        reaper_ = pid;
        return;
    }
    // The reaper: holds nothing of the run open (the caller's output, the sandbox's pipes), is
    // out of the caller's process group and ignores the terminal's signals.
    ::setsid();
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGPIPE}) ::signal(signal, SIG_IGN);
    const int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) {
        if (null >= 0) ::dup2(null, fd);
    }
    ::dup2(read_end.get(), 3);
    if (::syscall(SYS_close_range, 4u, ~0u, 0u) != 0) {
        for (int fd = 4; fd < 65536; ++fd) ::close(fd);
    }
    for (char byte;;) {
        const ssize_t n = ::read(3, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    // A minute for the sandbox's processes to die of their parent-death signal.
    for (int round = 0; round < 3000; ++round) {
        bool left = false;
        for (const char* directory : directories) {
            left = left || (::rmdir(directory) != 0 && errno != ENOENT);
        }
        if (!left) ::_exit(0);
        ::usleep(20000);
    }
    ::_exit(1);
}

namespace {

// Where the sandbox's cgroup goes in one hierarchy: v1, our own cgroup (a v1 cgroup with
// processes may have children with every controller); v2, the nearest of our cgroup and its
// ancestors that offers memory/pids to children (cgroup_plan::v2_places). Moving the test's
// process there needs write access to that cgroup's cgroup.procs (the common ancestor of where
// it comes from and where it goes). Empty when none can carry any wanted limit.
struct Place {
    std::string directory;
    bool memory = false;
    bool pids = false;
};

Place place_for(const cgroup_plan::OwnCgroup& own, bool want_memory, bool want_pids, std::vector<std::string>& notes) {
    const std::vector<std::string> places =
        own.version == 1 ? std::vector<std::string>{own.directory} : cgroup_plan::v2_places(own);
    for (const std::string& directory : places) {
        std::vector<std::string> offered = own.controllers;
        if (own.version == 2) {
            try {
                offered = cgroup_plan::split_controllers(sys::read_file(directory + "/cgroup.subtree_control"));
            } catch (const SyscallError&) {
                continue;
            }
        }
        const Place place{directory, want_memory && cgroup_plan::lists(offered, "memory"),
                          want_pids && cgroup_plan::lists(offered, "pids")};
        if (!place.memory && !place.pids) continue;
        if (::access(directory.c_str(), W_OK) != 0 || ::access((directory + "/cgroup.procs").c_str(), W_OK) != 0) {
            // Higher up is less ours still.
            notes.push_back("cgroups: " + directory + " offers " + (place.memory ? "memory" : "pids") +
                            " but is not writable (not delegated to this user)" +
                            (own.version == 2 ? std::string(kDelegationFix) : std::string()));
            return {};
        }
        return place;
    }
    if (own.version == 2 && !places.empty()) {
        notes.push_back("cgroups: neither " + own.directory + " nor a cgroup above it offers memory or pids to its children" +
                        std::string(kDelegationFix));
    }
    return {};
}

}  // namespace

SandboxCgroups SandboxCgroups::create(const SandboxSpec& spec, std::vector<std::string>& notes) {
    SandboxCgroups result;
    bool want_memory = spec.memory_bytes.has_value();
    bool want_pids = spec.max_procs.has_value();
    if (!want_memory && !want_pids) return result;
    std::vector<cgroup_plan::OwnCgroup> own;
    try {
        own = cgroup_plan::own_cgroups(sys::read_file("/proc/self/mountinfo"), sys::read_file("/proc/self/cgroup"),
                                       {"memory", "pids"});
    } catch (const SyscallError& error) {
        notes.push_back(std::string("cgroups: ") + error.what());
        return result;
    }
    for (const cgroup_plan::OwnCgroup& candidate : own) {
        const Place place = place_for(candidate, want_memory, want_pids, notes);
        if (place.directory.empty()) continue;
        remove_stale(place.directory);
        Created created{place.directory + "/" + kPrefix + std::to_string(::getpid()), candidate.version, place.memory,
                        place.pids, {}};
        if (::mkdir(created.directory.c_str(), 0755) != 0) {
            notes.push_back(std::string("cgroups: ") + SyscallError("mkdir", created.directory, errno).what());
            continue;
        }
        std::vector<cgroup_plan::Setting> settings;
        if (place.memory) settings = cgroup_plan::memory_settings(candidate.version, *spec.memory_bytes);
        if (place.pids) {
            for (auto& setting : cgroup_plan::pids_settings(candidate.version, *spec.max_procs)) settings.push_back(setting);
        }
        bool applied = true;
        for (const cgroup_plan::Setting& setting : settings) {
            try {
                sys::write_file(created.directory + "/" + setting.file, setting.value);
            } catch (const SyscallError& error) {
                if (!setting.required) continue;
                notes.push_back(std::string("cgroups: ") + error.what());
                applied = false;
                break;
            }
        }
        if (!applied) {
            ::rmdir(created.directory.c_str());
            continue;
        }
        const std::string version = " (cgroup v" + std::to_string(candidate.version) + ")";
        if (place.memory) created.limits = "memory " + mebibytes(*spec.memory_bytes) + version;
        if (place.pids) created.limits += std::string(place.memory ? ", " : "") + "pids " + std::to_string(*spec.max_procs) + version;
        want_memory = want_memory && !place.memory;
        want_pids = want_pids && !place.pids;
        result.cgroups_.push_back(std::move(created));
    }
    if (result.active()) result.start_reaper(notes);
    return result;
}

std::vector<sys::UniqueFd> SandboxCgroups::open_join_files() const {
    std::vector<sys::UniqueFd> files;
    for (const Created& cgroup : cgroups_) {
        const std::string procs = cgroup.directory + "/cgroup.procs";
        files.emplace_back(sys::check(::open(procs.c_str(), O_WRONLY | O_CLOEXEC), "open", procs));
    }
    return files;
}

std::string SandboxCgroups::description() const {
    std::string text;
    for (const Created& cgroup : cgroups_) text += (text.empty() ? "" : ", ") + cgroup.limits;
    return text;
}

bool SandboxCgroups::memory_limit_hit() const {
    for (const Created& cgroup : cgroups_) {
        if (!cgroup.memory) continue;
        try {
            const auto kills = cgroup_plan::oom_kills(
                sys::read_file(cgroup.directory + "/" + cgroup_plan::oom_kill_file(cgroup.version)));
            if (kills && *kills > 0) return true;
        } catch (const SyscallError&) {
        }
    }
    return false;
}

bool SandboxCgroups::caps_processes() const {
    return std::any_of(cgroups_.begin(), cgroups_.end(), [](const Created& cgroup) { return cgroup.pids; });
}

bool SandboxCgroups::process_limit_hit() const {
    for (const Created& cgroup : cgroups_) {
        if (!cgroup.pids) continue;
        try {
            const auto refused = cgroup_plan::refused_forks(sys::read_file(cgroup.directory + "/" + cgroup_plan::kPidsEventsFile));
            if (refused && *refused > 0) return true;
        } catch (const SyscallError&) {
        }
    }
    return false;
}

}  // namespace isotest::cgroup
