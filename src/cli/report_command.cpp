// isotest report FILE|DIR...
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include <boost/program_options.hpp>

#include "cli/subcommand_args.hpp"
#include "cli/subcommands.hpp"
#include "isotest/error.hpp"
#include "report/summary.hpp"
#include "report/summary_json.hpp"

namespace isotest::cli {

using namespace isotest::report;
namespace po = boost::program_options;

namespace {

constexpr const char* usage = "usage: isotest report [--color auto|always|never] [--format text|json] FILE|DIR...";

}  // namespace

int report_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                   bool stdout_is_terminal, bool no_color) {
    po::options_description visible(
        "isotest report FILE|DIR...\n"
        "Summarises JUnit XML reports: failures, slowest tests, hermeticity (which isotest\n"
        "runs wrote outside their writable paths, left processes running, tried the\n"
        "network, hit a memory or process limit), totals.\n"
        "A DIR stands for every *.xml file under it. Exit status: 0 all passed, 1 a test\n"
        "failed or errored, 125 unreadable or malformed input.\n\nOptions");
    visible.add_options()
        ("color", po::value<std::string>()->default_value("auto")->value_name("WHEN"),
         "auto (on a terminal unless NO_COLOR is set), always or never")
        ("format", po::value<std::string>()->default_value("text")->value_name("FORMAT"),
         "text (for people) or json (for scripts: totals, every failure and every offending run)")
        ("help,h", "show this help");
    const auto parsed = cli::parse_subcommand_args(args, visible, "report", usage, err);
    if (!parsed) return exit_code::isotest_failure;
    const po::variables_map& options = *parsed;
    if (options.count("help")) {
        out << visible << '\n';
        return 0;
    }
    const std::string when = options["color"].as<std::string>();
    if (when != "auto" && when != "always" && when != "never") {
        err << "isotest: error: report: --color must be auto, always or never, not '" << when
            << "'\n";
        return exit_code::isotest_failure;
    }
    const std::string format = options["format"].as<std::string>();
    if (format != "text" && format != "json") {
        err << "isotest: error: report: --format must be text or json, not '" << format << "'\n";
        return exit_code::isotest_failure;
    }
    if (!options.count("input")) {
        err << "isotest: error: report: no input reports; " << usage << '\n';
        return exit_code::isotest_failure;
    }
    SummaryStyle style;
    style.colour = when == "always" || (when == "auto" && stdout_is_terminal && !no_color);
    try {
        const auto reports =
            load_reports(expand_report_paths(options["input"].as<std::vector<std::string>>()));
        if (format == "json") {
            out << summary_json(reports);
        } else {
            print_summary(out, reports, style);
        }
        Counts counts;
        for (const LoadedReport& input : reports) counts += count(input.report);
        return counts.failures + counts.errors == 0 ? 0 : 1;
    } catch (const Error& error) {
        err << "isotest: error: " << error.what() << '\n';
        return error.exit_status();
    }
}

int run_report_command(const std::vector<std::string>& args) {
    const char* no_color = std::getenv("NO_COLOR");
    return report_command(args, std::cout, std::cerr, ::isatty(STDOUT_FILENO) == 1,
                          no_color != nullptr && no_color[0] != '\0');
}

}  // namespace isotest::cli
