#include "report/run_properties.hpp"

#include "report/network_attempts.hpp"
#include "report/time_text.hpp"

#ifndef ISOTEST_VERSION
#error "ISOTEST_VERSION must be defined by the build"
#endif

namespace isotest::report {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const std::string& item : items) {
        if (!text.empty()) text += separator;
        text += item;
    }
    return text;
}

std::string namespaces(const SandboxSpec& spec) {
    // --net host shares the host's network namespace; every other namespace is always new.
    return spec.net == NetMode::host ? "user,pid,mount,ipc,uts" : "user,pid,mount,net,ipc,uts";
}

std::string uid_map(const SandboxSpec& spec, const HostFacts& host) {
    const std::string host_uid = std::to_string(host.uid);
    return "inside " + (spec.root ? std::string("0") : host_uid) + " -> host " + host_uid;
}

std::string setup_steps(const std::vector<SetupStep>& steps) {
    std::string text;
    for (const SetupStep& step : steps) {
        if (!text.empty()) text += ", ";
        text += step.name + " " + format_seconds(step.milliseconds) + " ms";
    }
    return text;
}

// The items init listed, and how many more there were than it listed.
std::string listed(const std::vector<std::string>& items, std::size_t total) {
    if (items.empty() && total == 0) return "none";
    std::string text = joined(items, ", ");
    if (total > items.size()) {
        if (!text.empty()) text += ' ';
        text += "(+" + std::to_string(total - items.size()) + " more)";
    }
    return text;
}

// --dev's devices as the test sees them, the host's path where it differs (a symlink resolved):
// "/dev/dri, /dev/nvidia0 (host /dev/nvidia-gpu0)"; at most kListedDevices, then a count.
constexpr std::size_t kListedDevices = 100;
std::string devices(const std::vector<DeviceBind>& binds) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < binds.size() && i < kListedDevices; ++i) {
        items.push_back(binds[i].host == binds[i].inside ? binds[i].inside
                                                          : binds[i].inside + " (host " + binds[i].host + ")");
    }
    return listed(items, binds.size());
}

}  // namespace

std::vector<Property> run_properties(const SandboxSpec& spec, const Outcome& outcome,
                                     const HostFacts& host) {
    const bool details = spec.report.details;
    std::vector<Property> properties = {
        {"isotest.version", ISOTEST_VERSION},
        {"isotest.command", joined(spec.command, " ")},
    };
    if (details) {
        properties.push_back({"isotest.namespaces", namespaces(spec)});
    }
    properties.push_back({"isotest.net", to_string(spec.net)});
    if (!spec.devices.empty()) properties.push_back({"isotest.devices", devices(spec.devices)});
    if (details) {
        properties.push_back({"isotest.fs", to_string(spec.fs)});
        properties.push_back({"isotest.uid_map", uid_map(spec, host)});
        properties.push_back({"isotest.hostname", spec.hostname});
    }
    switch (outcome.kind) {
        case OutcomeKind::exited:
        case OutcomeKind::setup_failed:
            properties.push_back({"isotest.exit_code", std::to_string(outcome.exit_code)});
            break;
        case OutcomeKind::signaled:
            properties.push_back({"isotest.signal", signal_name(outcome.signal) +
                                                        (outcome.core_dumped ? " (core dumped)" : "")});
            break;
        case OutcomeKind::timed_out:
            if (spec.timeout_seconds) {
                properties.push_back({"isotest.timeout_seconds", format_seconds(*spec.timeout_seconds)});
            }
            if (outcome.signal != 0) {
                properties.push_back({"isotest.signal", signal_name(outcome.signal)});
            }
            break;
    }
    if (outcome.terminating_signal != 0) {
        properties.push_back({"isotest.terminated_by", signal_name(outcome.terminating_signal)});
    }
    if (details) {
        properties.push_back({"isotest.wall_seconds", format_seconds(outcome.wall_seconds)});
        properties.push_back({"isotest.user_seconds", format_seconds(outcome.user_seconds)});
        properties.push_back({"isotest.system_seconds", format_seconds(outcome.system_seconds)});
        properties.push_back({"isotest.peak_rss_kib", std::to_string(outcome.peak_rss_kib)});
        if (spec.memory_bytes || spec.max_procs) {
            properties.push_back({"isotest.cgroup_limits", outcome.cgroup_limits.empty()
                                                               ? "none (no writable cgroup: rlimits only)"
                                                               : outcome.cgroup_limits});
        }
    }
    // By default where the run failed: the kernel's EIO may be why.
    const bool passed = outcome.kind == OutcomeKind::exited && outcome.exit_code == 0;
    if (!outcome.overlay_limit.empty() && (details || !passed)) {
        properties.push_back({"isotest.overlay_limit", outcome.overlay_limit});
    }
    if (outcome.memory_limit_hit) properties.push_back({"isotest.memory_limit_hit", "true"});
    if (outcome.process_limit_hit) properties.push_back({"isotest.process_limit_hit", "true"});
    if (details) {
        properties.push_back({"isotest.setup_seconds", format_seconds(outcome.setup_seconds)});
        if (!outcome.setup_steps.empty()) {
            properties.push_back({"isotest.setup_steps", setup_steps(outcome.setup_steps)});
        }
    }
    properties.push_back(
        {"isotest.leftover_processes", listed(outcome.leftover_processes, outcome.leftover_processes_total)});
    properties.push_back({"isotest.written_files", listed(outcome.written_files, outcome.written_files_total)});
    if (!outcome.kept_writes.empty()) properties.push_back({"isotest.kept_writes", outcome.kept_writes});
    if (spec.record_network) properties.push_back({"isotest.network_attempts", network_attempts_property(outcome)});
    if (details && outcome.output_captured) {
        properties.push_back({"isotest.stdout_bytes", std::to_string(outcome.stdout_capture.total_bytes())});
        if (outcome.stderr_in_stdout) {
            properties.push_back({"isotest.stderr", "in stdout: the caller gave stdout and stderr as one stream"});
        } else {
            properties.push_back({"isotest.stderr_bytes", std::to_string(outcome.stderr_capture.total_bytes())});
        }
    }
    return properties;
}

}  // namespace isotest::report
