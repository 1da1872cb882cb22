// isotest merge -o OUT FILE|DIR...
#include <iostream>

#include <boost/program_options.hpp>

#include "cli/subcommand_args.hpp"
#include "cli/subcommands.hpp"
#include "isotest/error.hpp"
#include "report/atomic_file.hpp"
#include "report/junit_render.hpp"
#include "report/merge.hpp"

namespace isotest::cli {

using namespace isotest::report;
namespace po = boost::program_options;

namespace {

constexpr const char* usage = "usage: isotest merge -o OUT FILE|DIR...";

}  // namespace

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    po::options_description visible(
        "isotest merge -o OUT FILE|DIR...\n"
        "Combines JUnit XML reports (isotest's, CTest --output-junit, GoogleTest, pytest, ...)\n"
        "into one; a DIR stands for every *.xml file under it. Totals are recounted.\n\nOptions");
    visible.add_options()
        ("output,o", po::value<std::string>()->value_name("OUT"), "the merged report to write")
        ("help,h", "show this help");
    const auto parsed = cli::parse_subcommand_args(args, visible, "merge", usage, err);
    if (!parsed) return exit_code::isotest_failure;
    const po::variables_map& options = *parsed;
    if (options.count("help")) {
        out << visible << '\n';
        return 0;
    }
    if (!options.count("output")) {
        err << "isotest: error: merge: no output file; " << usage << '\n';
        return exit_code::isotest_failure;
    }
    if (!options.count("input")) {
        err << "isotest: error: merge: no input reports; " << usage << '\n';
        return exit_code::isotest_failure;
    }
    const std::string output = options["output"].as<std::string>();
    try {
        const auto paths = expand_report_paths(options["input"].as<std::vector<std::string>>(), output);
        const JunitReport merged = merge_reports(load_reports(paths));
        write_file_atomically(output, [&](std::FILE* out) { render_junit_xml(merged, out); });
    } catch (const Error& error) {
        err << "isotest: error: " << error.what() << '\n';
        return error.exit_status();
    }
    return 0;
}

int run_merge_command(const std::vector<std::string>& args) {
    return merge_command(args, std::cout, std::cerr);
}

}  // namespace isotest::cli
