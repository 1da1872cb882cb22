#pragma once
// Number formatting for the report.

#include <string>

namespace bench {

std::string fixed(double value, int decimals);

}  // namespace bench
