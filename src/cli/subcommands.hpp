// `isotest merge` and `isotest report`: the commands with their streams and terminal passed
// in, so tests can run them, and run_merge_command/run_report_command, which main() calls, bind
// them to std::cout/std::cerr. Implemented in merge_command.cpp and report_command.cpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace isotest::cli {

// Exit status: 0 written, 125 bad arguments or input (one line on `err`).
int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `stdout_is_terminal` and `no_color` (the NO_COLOR variable is set and non-empty) decide
// colour when --color is auto. Exit status: 0 all passed, 1 any failure or error, 125 bad
// arguments or input.
int report_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                   bool stdout_is_terminal, bool no_color);

// args exclude the subcommand word. Return the process exit status; print one-line errors themselves.
int run_merge_command(const std::vector<std::string>& args);
int run_report_command(const std::vector<std::string>& args);

}  // namespace isotest::cli
