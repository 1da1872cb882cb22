#pragma once
// The benchmark's settings, from its command line (Boost.Program_options).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "launchers.hpp"

namespace bench {

struct Config {
    Tools tools;
    bool quick = false;
    unsigned latency_rounds = 0;
    unsigned warmup_rounds = 0;
    std::size_t throughput_launches = 0;
    std::vector<unsigned> parallelism;
    unsigned throughput_rounds = 0;
    bool throughput_junit = false;       // also batches of `isotest --junit F` (one F per launch)
    std::uint64_t stream_bytes = 0;
    unsigned stream_rounds = 0;
    std::chrono::microseconds rss_interval{0};
    unsigned step_runs = 0;
    std::filesystem::path output;        // empty: stdout
    std::filesystem::path targets_tsv;   // empty: not written
    std::filesystem::path scratch_parent;
    std::string heading;
    std::string invocation;              // the command the report says was run
};

// Bad command line: main prints it as one line and exits 125.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// nullopt: --help was printed. Throws UsageError.
std::optional<Config> parse_config(int argc, char** argv);

// "1G", "16M", "4096": bytes (K, M, G are powers of 1024). Throws UsageError.
std::uint64_t parse_byte_size(const std::string& text);

}  // namespace bench
