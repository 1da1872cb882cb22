// isotest report FILE|DIR...
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include <boost/program_options.hpp>

#include "cli/subcommand_args.hpp"
#include "cli/subcommands.hpp"
#include "isotest/error.hpp"
#include "report/summary.hpp"

namespace isotest::cli {

using namespace isotest::report;
namespace po = boost::program_options;

namespace {

constexpr const char* usage = "usage: isotest report [--color auto|always|never] FILE|DIR...";

}  // namespace

int report_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                   bool stdout_is_terminal, bool no_color) {
    po::options_description visible(
        "isotest report FILE|DIR...\n"
        "Summarises JUnit XML reports: failures, slowest tests, isolation facts, totals.\n"
        "A DIR stands for every *.xml file under it. Exit status: 0 all passed, 1 a test\n"
        "failed or errored, 125 unreadable or malformed input.\n\nOptions");
    visible.add_options()
        ("color", po::value<std::string>()->default_value("auto")->value_name("WHEN"),
         "auto (on a terminal unless NO_COLOR is set), always or never")
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
    if (!options.count("input")) {
        err << "isotest: error: report: no input reports; " << usage << '\n';
        return exit_code::isotest_failure;
    }
    SummaryStyle style;
    style.colour = when == "always" || (when == "auto" && stdout_is_terminal && !no_color);
    try {
        const auto reports =
            load_reports(expand_report_paths(options["input"].as<std::vector<std::string>>()));
        print_summary(out, reports, style);
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
