#include "step_timings.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

namespace bench {

std::vector<std::pair<std::string, double>> parse_step_timings_ms(const std::string& verbose_stderr) {
    static const std::regex step_line(R"(^isotest:\s+([0-9]+(?:\.[0-9]+)?)\s*ms\s+(.*\S)\s*$)");
    std::vector<std::pair<std::string, double>> steps;
    std::istringstream lines(verbose_stderr);
    std::string line;
    std::smatch match;
    while (std::getline(lines, line)) {
        if (!std::regex_match(line, match, step_line)) continue;
        std::string name = match[2];
        double ms = std::stod(match[1]);
        auto known = std::find_if(steps.begin(), steps.end(), [&](const auto& step) { return step.first == name; });
        if (known == steps.end()) steps.emplace_back(name, ms);
        else known->second += ms;
    }
    return steps;
}

}  // namespace bench
