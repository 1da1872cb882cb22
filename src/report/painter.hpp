// ANSI colours for the terminal summary of `isotest report`, or plain text.
#pragma once

#include <string>

namespace isotest::report {

class Painter {
public:
    explicit Painter(bool colour) : colour_(colour) {}
    std::string red(const std::string& text) const { return paint("\033[1;31m", text); }
    std::string green(const std::string& text) const { return paint("\033[1;32m", text); }
    std::string yellow(const std::string& text) const { return paint("\033[33m", text); }
    std::string bold(const std::string& text) const { return paint("\033[1m", text); }

private:
    std::string paint(const char* code, const std::string& text) const {
        return colour_ ? code + text + "\033[0m" : text;
    }
    bool colour_;
};

}  // namespace isotest::report
