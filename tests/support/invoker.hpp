// Who is running the suite: several expectations differ between root and an ordinary user
// (e.g. writing /usr), and the suites run as both.
#pragma once

#include <unistd.h>

namespace testsupport {

inline bool invoked_as_root() { return ::geteuid() == 0; }

}  // namespace testsupport
