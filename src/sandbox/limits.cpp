#include "sandbox/limits.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "isotest/error.hpp"

namespace isotest::limits {

namespace {

std::string resource_name(int resource) {
    switch (resource) {
        case RLIMIT_AS: return "RLIMIT_AS";
        case RLIMIT_NPROC: return "RLIMIT_NPROC";
        case RLIMIT_NOFILE: return "RLIMIT_NOFILE";
        default: return "rlimit " + std::to_string(resource);
    }
}

}  // namespace

std::vector<Rlimit> requested(const SandboxSpec& spec, bool processes_in_cgroup) {
    std::vector<Rlimit> limits;
    if (spec.memory_bytes) limits.push_back({RLIMIT_AS, "--memory", *spec.memory_bytes, *spec.memory_bytes});
    // init runs as the same user in the same user namespace and counts against the limit.
    if (spec.max_procs && !processes_in_cgroup) limits.push_back({RLIMIT_NPROC, "--max-procs", *spec.max_procs, *spec.max_procs + 1});
    if (spec.max_files) limits.push_back({RLIMIT_NOFILE, "--max-files", *spec.max_files, *spec.max_files});
    return limits;
}

void apply(const std::vector<Rlimit>& limits) {
    for (const Rlimit& limit : limits) {
        const rlim_t value = limit.value >= RLIM_INFINITY ? RLIM_INFINITY - 1 : static_cast<rlim_t>(limit.value);
        const rlimit wanted{value, value};
        if (::setrlimit(limit.resource, &wanted) == 0) continue;
        const int error = errno;
        std::string message = limit.option + " " + std::to_string(limit.asked) + ": setrlimit " +
                              resource_name(limit.resource) + ": " + std::strerror(error);
        rlimit current{};
        if (error == EPERM && ::getrlimit(limit.resource, &current) == 0 && current.rlim_max != RLIM_INFINITY) {
            message += " (the hard limit here is " + std::to_string(current.rlim_max) +
                       "; a sandbox cannot raise it: ask for less, or raise it before running isotest)";
        }
        throw Error(message);
    }
}

}  // namespace isotest::limits
