#include "cli/subcommand_args.hpp"

#include "cli/parser_guard.hpp"
#include "isotest/error.hpp"

namespace po = boost::program_options;

namespace isotest::cli {

std::optional<po::variables_map> parse_subcommand_args(const std::vector<std::string>& args,
                                                       const po::options_description& visible,
                                                       const std::string& name, const std::string& usage,
                                                       std::ostream& err) {
    po::options_description all;
    all.add(visible).add_options()("input", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("input", -1);
    po::variables_map options;
    try {
        for (const auto& word : args) reject_placeholders(word, "the word '" + word + "'");
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), options);
        po::notify(options);
    } catch (const Error& error) {
        err << "isotest: error: " << name << ": " << error.what() << "; " << usage << '\n';
        return std::nullopt;
    } catch (const po::error& error) {
        err << "isotest: error: " << name << ": " << error.what() << "; " << usage << '\n';
        return std::nullopt;
    }
    return options;
}

}  // namespace isotest::cli
