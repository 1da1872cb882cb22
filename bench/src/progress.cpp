#include "progress.hpp"

#include <iostream>

namespace bench {

void progress(const std::string& line) { std::cerr << "isotest-bench: " << line << std::endl; }

}  // namespace bench
