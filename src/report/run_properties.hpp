// The suite <properties> named isotest.* that describe how one run was isolated and what it
// left behind. Values are plain text; the renderer cleans them.
//   isotest.version, isotest.command, isotest.namespaces ("user,pid,mount,net,ipc,uts"),
//   isotest.net, isotest.fs, isotest.uid_map ("inside 0 -> host 1000"), isotest.hostname
//   (inside), isotest.exit_code | isotest.signal | isotest.timeout_seconds,
//   isotest.terminated_by, isotest.{wall,user,system,setup}_seconds, isotest.setup_steps,
//   isotest.peak_rss_kib, isotest.leftover_processes, isotest.written_files (100 listed, then
//   "(+N more)"),
//   isotest.{stdout,stderr}_bytes (bytes the test wrote, before the report's cap).
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
