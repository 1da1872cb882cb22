// The suite <properties> named isotest.* that describe how one run was isolated and what it
// left behind. Values are plain text; the renderer cleans them.
// By default only what a person acts on:
//   isotest.version (which also marks the suite as an isotest run), isotest.command,
//   isotest.net, isotest.devices (what --dev passed through; 100 listed, then "(+N more)"),
//   isotest.exit_code | isotest.signal | isotest.timeout_seconds,
//   isotest.terminated_by, isotest.memory_limit_hit, isotest.overlay_limit (without root before
//   Linux 6.6: host directories cannot be removed or renamed inside; a failed run's, or with
//   --report-details), isotest.leftover_processes,
//   isotest.written_files (100 listed, then "(+N more)"), isotest.network_attempts (with
//   --record-network: network_attempts.hpp).
// With --report-details (spec.report.details) also: isotest.namespaces
//   ("user,pid,mount,net,ipc,uts"), isotest.fs, isotest.uid_map ("inside 0 -> host 1000"),
//   isotest.hostname (inside), isotest.{wall,user,system,setup}_seconds, isotest.setup_steps,
//   isotest.peak_rss_kib, isotest.cgroup_limits, isotest.{stdout,stderr}_bytes (bytes the test
//   wrote, before the report's cap).
#pragma once

#include <vector>

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"
#include "report/host_facts.hpp"
#include "report/junit_model.hpp"

namespace isotest::report {

std::vector<Property> run_properties(const SandboxSpec& spec, const Outcome& outcome,
                                     const HostFacts& host);

}  // namespace isotest::report
