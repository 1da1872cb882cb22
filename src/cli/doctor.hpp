// `isotest doctor`: checks each namespace kind and feature the sandbox uses, one line each,
// naming the blocker and the fix where one fails.
#pragma once

namespace isotest::cli {

// Returns 0 when the default configuration can run here, 125 otherwise.
int run_doctor();

}  // namespace isotest::cli
