#include "text.hpp"

#include <sstream>

namespace testsupport {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string sh_quote(const std::string& word) {
    std::string quoted = "'";
    for (char c : word) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

std::string junit_property(const std::string& xml, const std::string& name) {
    const std::string key = "name=\"" + name + "\" value=\"";
    const auto at = xml.find(key);
    if (at == std::string::npos) return "(absent)";
    const auto start = at + key.size();
    return xml.substr(start, xml.find('"', start) - start);
}

}  // namespace testsupport
