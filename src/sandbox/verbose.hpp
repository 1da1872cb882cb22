// -v: the supervisor's lines on stderr, each "isotest: " and one line of text.
#pragma once

#include <string_view>

namespace isotest::verbose {

void print(std::string_view line);

// "   1.234 ms  what": a step and how long it took.
void print_timed(double milliseconds, std::string_view what);

}  // namespace isotest::verbose
