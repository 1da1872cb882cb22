#pragma once
// One status line per phase on stderr, so a long run shows where it is.

#include <string>

namespace bench {

void progress(const std::string& line);

}  // namespace bench
