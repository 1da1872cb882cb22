#include "config.hpp"

#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <boost/program_options.hpp>
#include <iostream>

#include "command.hpp"

namespace bench {

namespace po = boost::program_options;

namespace {

// --quick: a few iterations of everything, to prove the harness and every launcher still run.
struct Defaults {
    unsigned latency_rounds, warmup_rounds;
    std::size_t throughput_launches;
    unsigned throughput_rounds;
    std::string stream_bytes;
    unsigned stream_rounds, step_runs;
};
constexpr Defaults full_run{100, 5, 256, 3, "1G", 5, 30};
constexpr Defaults quick_run{5, 1, 16, 1, "16M", 1, 3};

std::filesystem::path executable(const std::string& option, const std::string& given, const std::string& program,
                                 const std::string& package) {
    std::filesystem::path path = given.empty() ? boost::process::search_path(program).string() : given;
    if (path.empty()) {
        throw UsageError(program + " not found on PATH: install it (apt-get install " + package + ") or pass " +
                         option + " PATH");
    }
    path = std::filesystem::absolute(path);
    if (::access(path.c_str(), X_OK) != 0) {
        throw UsageError(option + " " + path.string() + ": not an executable file");
    }
    return path;
}

template <typename T>
T chosen(const po::variables_map& values, const std::string& name, T quick_default) {
    if (values.count(name) && !values[name].defaulted()) return values[name].as<T>();
    return values["quick"].as<bool>() ? quick_default : values[name].as<T>();
}

}  // namespace

std::uint64_t parse_byte_size(const std::string& text) {
    std::size_t used = 0;
    unsigned long long number = 0;
    try {
        number = std::stoull(text, &used);
    } catch (const std::exception&) {
        throw UsageError("bad size '" + text + "': expected a number with an optional K, M or G suffix");
    }
    std::string suffix = text.substr(used);
    if (suffix.empty()) return number;
    if (suffix == "K" || suffix == "k") return number << 10;
    if (suffix == "M" || suffix == "m") return number << 20;
    if (suffix == "G" || suffix == "g") return number << 30;
    throw UsageError("bad size '" + text + "': expected a number with an optional K, M or G suffix");
}

std::optional<Config> parse_config(int argc, char** argv) {
    std::string isotest, baseline, bwrap, unshare, true_command, output, targets_tsv, scratch, heading, invocation;
    po::options_description options(
        "isotest-bench: launch latency, parallel throughput, output streaming and supervisor RSS of isotest\n"
        "against bare /bin/true, unshare and bubblewrap, in one interleaved run; markdown report.\n\n"
        "Usage: isotest-bench --isotest PATH [OPTIONS]\n\nOptions");
    options.add_options()
        ("help,h", "show this help")
        ("isotest", po::value(&isotest), "the isotest binary to measure (required)")
        ("baseline", po::value(&baseline), "another isotest binary (e.g. before a change) measured beside --isotest "
                                           "in the latency and streaming rounds, for paired ratios")
        ("bwrap", po::value(&bwrap), "bubblewrap binary (default: bwrap on PATH)")
        ("unshare", po::value(&unshare), "util-linux unshare (default: unshare on PATH)")
        ("true", po::value(&true_command)->default_value("/bin/true"), "the payload command")
        ("quick", po::bool_switch(), "smoke mode: a few iterations of every measurement (for CI); "
                                     "the options below override it")
        ("iterations", po::value<unsigned>()->default_value(full_run.latency_rounds),
         "latency rounds (each runs every launcher once); --quick: 5")
        ("warmup", po::value<unsigned>()->default_value(full_run.warmup_rounds), "latency rounds run first and dropped; --quick: 1")
        ("launches", po::value<std::size_t>()->default_value(full_run.throughput_launches),
         "launches per throughput batch; --quick: 16")
        ("parallelism", po::value<std::vector<unsigned>>()->multitoken()->default_value({1, 2, 8, 32}, "1 2 8 32"),
         "throughput levels (launches in flight)")
        ("throughput-rounds", po::value<unsigned>()->default_value(full_run.throughput_rounds),
         "batches per launcher and level; --quick: 1")
        ("throughput-junit", po::bool_switch(), "also measure `isotest --junit F` batches (adds ~50 % to the run)")
        ("stream-bytes", po::value<std::string>()->default_value(full_run.stream_bytes),
         "bytes the streaming test writes to stdout (K, M, G suffixes); --quick: 16M")
        ("stream-rounds", po::value<unsigned>()->default_value(full_run.stream_rounds), "streams per mode; --quick: 1")
        ("rss-interval-ms", po::value<double>()->default_value(2.0), "VmHWM polling interval")
        ("step-runs", po::value<unsigned>()->default_value(full_run.step_runs), "runs of `isotest -v`; --quick: 3")
        ("output,o", po::value(&output), "write the markdown report here (default: stdout)")
        ("targets-tsv", po::value(&targets_tsv), "also write the target table as TSV (target, measured, met)")
        ("scratch", po::value(&scratch)->default_value("/var/tmp"),
         "parent of the temporary directory (JUnit files, cwd of every launch); not under /tmp, which "
         "bwrap and isotest replace")
        ("heading", po::value(&heading), "title of the report's section (default: the user)")
        ("invocation", po::value(&invocation), "the command line to print as \"how this was run\"");

    po::variables_map values;
    try {
        po::store(po::command_line_parser(argc, argv).options(options).run(), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw UsageError(std::string(error.what()) + " (see --help)");
    }
    if (values.count("help")) {
        std::cout << options << "\n";
        return std::nullopt;
    }
    if (isotest.empty()) throw UsageError("--isotest PATH is required: the built binary, e.g. BUILD/src/isotest");

    Config config;
    config.tools.isotest = executable("--isotest", isotest, "isotest", "nothing: build isotest");
    if (!baseline.empty()) config.tools.baseline = executable("--baseline", baseline, "isotest", "nothing: build it");
    config.tools.bwrap = executable("--bwrap", bwrap, "bwrap", "bubblewrap");
    config.tools.unshare = executable("--unshare", unshare, "unshare", "util-linux");
    config.tools.true_command = executable("--true", true_command, "true", "coreutils");
    config.quick = values["quick"].as<bool>();
    config.latency_rounds = chosen(values, "iterations", quick_run.latency_rounds);
    config.warmup_rounds = chosen(values, "warmup", quick_run.warmup_rounds);
    config.throughput_launches = chosen(values, "launches", quick_run.throughput_launches);
    config.throughput_rounds = chosen(values, "throughput-rounds", quick_run.throughput_rounds);
    config.throughput_junit = values["throughput-junit"].as<bool>();
    config.stream_bytes = parse_byte_size(chosen(values, "stream-bytes", std::string(quick_run.stream_bytes)));
    config.stream_rounds = chosen(values, "stream-rounds", quick_run.stream_rounds);
    config.step_runs = chosen(values, "step-runs", quick_run.step_runs);
    config.parallelism = values["parallelism"].as<std::vector<unsigned>>();
    double interval_ms = values["rss-interval-ms"].as<double>();
    if (!(interval_ms > 0)) throw UsageError("--rss-interval-ms must be positive");
    config.rss_interval = std::chrono::microseconds(static_cast<long>(interval_ms * 1000));
    for (unsigned level : config.parallelism) {
        if (level == 0) throw UsageError("--parallelism levels must be at least 1");
    }
    if (config.latency_rounds == 0 || config.throughput_launches == 0 || config.throughput_rounds == 0 ||
        config.stream_rounds == 0 || config.step_runs == 0 || config.parallelism.empty()) {
        throw UsageError("--iterations, --launches, --throughput-rounds, --stream-rounds, --step-runs and "
                         "--parallelism must be at least 1");
    }
    config.output = output;
    config.targets_tsv = targets_tsv;
    config.scratch_parent = scratch;
    config.heading = heading;
    if (invocation.empty()) {
        invocation = shell_quoted(std::vector<std::string>(argv, argv + argc));
    }
    config.invocation = invocation;
    return config;
}

}  // namespace bench
