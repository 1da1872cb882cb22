#include "sandbox/resolv_conf.hpp"

namespace isotest::resolv_conf {

namespace {

// glibc reads a keyword at the start of a line, followed by a space or a tab.
bool is_nameserver_line(std::string_view line) {
    constexpr std::string_view kKeyword = "nameserver";
    return line.substr(0, kKeyword.size()) == kKeyword && line.size() > kKeyword.size() &&
           (line[kKeyword.size()] == ' ' || line[kKeyword.size()] == '\t');
}

}  // namespace

std::string content(std::string_view host_file, std::string_view resolver) {
    std::string text = "# isotest: every query is answered by isotest, and recorded (--record-network)\n";
    text += "nameserver ";
    text += resolver;
    text += '\n';
    while (!host_file.empty()) {
        const auto end = host_file.find('\n');
        const std::string_view line = host_file.substr(0, end);
        host_file.remove_prefix(end == std::string_view::npos ? host_file.size() : end + 1);
        if (is_nameserver_line(line)) continue;
        text += line;
        text += '\n';
    }
    return text;
}

}  // namespace isotest::resolv_conf
