// UTS namespace: the test's own hostname, the host's untouched.
#pragma once

#include <string>

namespace isotest::uts {
void set_hostname(const std::string& hostname);
}
