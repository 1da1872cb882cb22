#pragma once
// The launchers the issue compares, each wrapping the same inner command.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"

namespace bench {

struct Tools {
    std::filesystem::path isotest;
    std::filesystem::path bwrap;
    std::filesystem::path unshare;
    std::filesystem::path true_command;  // the measured payload, /bin/true
    // Another isotest build (e.g. the last release) measured beside `isotest`, interleaved,
    // so that a change's cost is a paired ratio from one run.
    std::optional<std::filesystem::path> baseline;
};

Command bare(const std::vector<std::string>& inner);
Command under_unshare(const Tools& tools, const std::vector<std::string>& inner);
Command under_bwrap(const Tools& tools, const std::vector<std::string>& inner);
// junit: write a JUnit report there (`isotest --junit F -- ...`).
Command under_isotest(const Tools& tools, const std::vector<std::string>& inner,
                      const std::optional<std::filesystem::path>& junit = std::nullopt);

// The same as under_isotest, with tools.baseline (which must be set).
Command under_baseline(const Tools& tools, const std::vector<std::string>& inner,
                       const std::optional<std::filesystem::path>& junit = std::nullopt);

// bare, unshare, bwrap, isotest, isotest --junit, isotest --junit --record-network off[, baseline,
// baseline --junit]: the latency
// table's rows, in this order.
std::vector<Command> latency_launchers(const Tools& tools, const std::filesystem::path& junit_file);

}  // namespace bench
