#include "sandbox/cgroup.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
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

SandboxCgroups::SandboxCgroups(SandboxCgroups&& other) noexcept : cgroups_(std::exchange(other.cgroups_, {})) {}

SandboxCgroups& SandboxCgroups::operator=(SandboxCgroups&& other) noexcept {
    if (this != &other) {
        SandboxCgroups old(std::move(*this));
        cgroups_ = std::exchange(other.cgroups_, {});
    }
    return *this;
}

SandboxCgroups::~SandboxCgroups() {
    for (const Created& cgroup : cgroups_) {
        // The last exits may still be unlinking from the cgroup: up to ~100 ms of EBUSY.
        for (int attempt = 0; ::rmdir(cgroup.directory.c_str()) != 0 && errno == EBUSY && attempt < 100; ++attempt) {
            ::usleep(1000);
        }
    }
}

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
        std::vector<std::string> offered = candidate.controllers;
        if (candidate.version == 2) {
            try {
                offered = cgroup_plan::split_controllers(sys::read_file(candidate.directory + "/cgroup.subtree_control"));
            } catch (const SyscallError&) {
                continue;
            }
        }
        const bool memory = want_memory && cgroup_plan::lists(offered, "memory");
        const bool pids = want_pids && cgroup_plan::lists(offered, "pids");
        if (!memory && !pids) continue;
        if (::access(candidate.directory.c_str(), W_OK) != 0) {
            notes.push_back("cgroups: " + candidate.directory + " is not writable (not delegated to this user)");
            continue;
        }
        remove_stale(candidate.directory);
        Created created{candidate.directory + "/" + kPrefix + std::to_string(::getpid()), candidate.version, memory,
                        pids, {}};
        if (::mkdir(created.directory.c_str(), 0755) != 0) {
            notes.push_back(std::string("cgroups: ") + SyscallError("mkdir", created.directory, errno).what());
            continue;
        }
        std::vector<cgroup_plan::Setting> settings;
        if (memory) settings = cgroup_plan::memory_settings(candidate.version, *spec.memory_bytes);
        if (pids) {
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
        if (memory) created.limits = "memory " + mebibytes(*spec.memory_bytes) + version;
        if (pids) created.limits += std::string(memory ? ", " : "") + "pids " + std::to_string(*spec.max_procs) + version;
        want_memory = want_memory && !memory;
        want_pids = want_pids && !pids;
        result.cgroups_.push_back(std::move(created));
    }
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

}  // namespace isotest::cgroup
