// Runs one SandboxSpec to completion and describes what happened. This is the supervisor:
// it stays on the host side, where the caller's terminal, the build system and the report are.
#pragma once

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"

namespace isotest {

Outcome run_sandboxed(const SandboxSpec& spec);

}  // namespace isotest
