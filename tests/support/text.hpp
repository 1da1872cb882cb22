// Small helpers for looking at command output and building sh -c scripts.
#pragma once

#include <string>
#include <vector>

namespace testsupport {

std::vector<std::string> lines_of(const std::string& text);
bool contains(const std::string& text, const std::string& part);
// Quotes WORD for sh -c scripts.
std::string sh_quote(const std::string& word);

}  // namespace testsupport
