// Small helpers for looking at command output.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace itest {

std::vector<std::string> lines_of(const std::string& text);
bool contains(const std::string& text, const std::string& part);
// Quotes WORD for sh -c scripts.
std::string sh_quote(const std::string& word);

}  // namespace itest
