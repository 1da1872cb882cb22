#include "sandbox/verbose.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "sandbox/syscall.hpp"

namespace isotest::verbose {

void print(std::string_view line) {
    std::string text = "isotest: ";
    text += line;
    text += '\n';
    sys::write_all(STDERR_FILENO, text);
}

void print_timed(double milliseconds, std::string_view what) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%8.3f ms  ", milliseconds);
    print(std::string(duration) + std::string(what));
}

}  // namespace isotest::verbose
