// Pure logic behind the sandbox's cgroup limits (cgroup.cpp does the system calls): where
// isotest's own cgroup lies in each hierarchy, which files carry --memory and --max-procs in
// cgroup v1 and v2, and how an out-of-memory kill shows. Unit-tested without cgroups.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isotest::cgroup_plan {

// isotest's own cgroup in one hierarchy: v1 (one hierarchy per controller set) or v2 (one for
// all; which controllers a child may use is in the directory's cgroup.subtree_control).
struct OwnCgroup {
    int version = 0;                       // 1 or 2
    std::string directory;                 // e.g. /sys/fs/cgroup/memory/some/path
    std::vector<std::string> controllers;  // v1: the hierarchy's controllers; v2: empty
    std::string top;                       // the highest directory of it mounted here (its mount point)
};

// From /proc/self/mountinfo and /proc/self/cgroup: the v1 hierarchies carrying one of `wanted`
// ("memory", "pids"), and the v2 hierarchy. A cgroup outside the mounted part of its
// hierarchy (another cgroup namespace's) is left out: there is no path to it.
std::vector<OwnCgroup> own_cgroups(std::string_view mountinfo, std::string_view proc_self_cgroup,
                                   const std::vector<std::string>& wanted);

// Where a v2 sandbox cgroup may go: our own cgroup's directory, then each ancestor up to the
// mount point. cgroup v2 lets a cgroup with processes give its children no controller (the "no
// internal processes" rule), so our own cgroup, where isotest runs, seldom offers memory/pids;
// the nearest ancestor that offers them and that we may write (a delegated subtree: systemd's
// user manager's app.slice, a Delegate=yes unit) is where a sibling of our cgroup can get them.
std::vector<std::string> v2_places(const OwnCgroup& own);

// One file to write in a new cgroup. An optional setting may be missing (no swap accounting).
struct Setting {
    std::string file;
    std::string value;
    bool required = true;
};

// --memory caps memory and swap together (swap counted too, or a test could page out past it).
std::vector<Setting> memory_settings(int version, std::uint64_t bytes);
std::vector<Setting> pids_settings(int version, std::uint64_t max_processes);

// The file that counts out-of-memory kills in a memory cgroup, and the count in its text
// (a line "oom_kill N"); nullopt when the kernel does not report it.
std::string oom_kill_file(int version);
std::optional<std::uint64_t> oom_kills(std::string_view text);

// From pids.events (cgroup v1 and v2): how many forks the pids limit refused (a line "max N");
// nullopt when the kernel does not report it.
inline constexpr const char* kPidsEventsFile = "pids.events";
std::optional<std::uint64_t> refused_forks(std::string_view text);

// The controllers listed in a v2 cgroup.subtree_control ("cpu memory pids").
std::vector<std::string> split_controllers(std::string_view text);

// `controller` is one of `controllers`.
bool lists(const std::vector<std::string>& controllers, std::string_view controller);

}  // namespace isotest::cgroup_plan
