#pragma once
// A command line the benchmark launches, and the way its exit is judged.

#include <string>
#include <vector>

namespace bench {

struct Command {
    std::string label;              // how the report names it
    std::vector<std::string> argv;  // argv[0] is an absolute path
};

// "a b 'c d'": the command as a shell user would retype it.
std::string shell_quoted(const std::vector<std::string>& argv);

// A wait status as the report words it: "exit 0", "exit 3", "signal 9".
std::string describe_wait_status(int status);

bool succeeded(int wait_status);

}  // namespace bench
