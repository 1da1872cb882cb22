// Turns "namespaces are blocked here" errors into a sentence naming the blocker and the fix.
#pragma once

#include <string>

namespace isotest::diagnose {

// `what` is the failure as already worded ("clone: Operation not permitted", a SyscallError's
// text, ...). Returns it followed by the most likely cause on this host and its fix.
std::string namespace_failure(const std::string& what, int error_number);

}  // namespace isotest::diagnose
