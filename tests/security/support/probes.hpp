// Where the probe programs are; CMake passes their directory.
#pragma once

#include <string>

#ifndef SECTEST_PROBES_DIR
#error "SECTEST_PROBES_DIR must be defined (directory of the probe programs)"
#endif

namespace sectest {
inline std::string probe(const std::string& name) { return std::string(SECTEST_PROBES_DIR) + "/" + name; }
}  // namespace sectest
