// Command line + config file + environment → what to do. Pure apart from reading the config
// file and checking that named paths exist, so it is unit-testable without namespaces.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/option_values.hpp"
#include "isotest/error.hpp"
#include "isotest/spec.hpp"

namespace isotest::cli {

enum class Action { run, doctor, merge, report, help, version };

struct Invocation {
    Action action = Action::run;
    SandboxSpec spec;                        // Action::run
    std::vector<std::string> subcommand_args;  // merge / report
    std::string help_text;                   // Action::help
    // The command cannot run (126) or was not found (127): no sandbox is started, but the run
    // is still reported as such (a report is written if one was asked for).
    std::optional<Error> command_error;
};

struct HostContext {
    std::vector<std::string> environment;  // the caller's environment, NAME=VALUE
    std::string cwd;                       // the caller's working directory
};

// Throws isotest::Error (exit 125) with a one-line message on bad input.
Invocation parse(const std::vector<std::string>& args, const HostContext& host);

// The test's environment: the caller's (or nothing with clear_env), minus unset, plus set.
std::vector<std::string> compose_environment(const std::vector<std::string>& caller, bool clear_env,
                                             const std::vector<std::string>& unset,
                                             const std::vector<std::string>& set);

// Value of NAME in a NAME=VALUE list, or empty.
std::string environment_value(const std::vector<std::string>& environment, const std::string& name);

}  // namespace isotest::cli
