// Argument parsing shared by `isotest merge` and `isotest report`: named options from
// `visible`, every other word an input file or directory.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace isotest::cli {

// Returns nullopt after writing one line "isotest: error: NAME: ...; USAGE" to `err`.
std::optional<boost::program_options::variables_map> parse_subcommand_args(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    const std::string& name, const std::string& usage, std::ostream& err);

}  // namespace isotest::cli
