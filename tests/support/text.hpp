// Small helpers for looking at command output and building sh -c scripts.
#pragma once

#include <string>
#include <vector>

namespace testsupport {

std::vector<std::string> lines_of(const std::string& text);
bool contains(const std::string& text, const std::string& part);
// Quotes WORD for sh -c scripts.
std::string sh_quote(const std::string& word);
// The value of <property name="NAME" value="..."/> in a JUnit report isotest wrote (its values
// carry no '"': attribute text is escaped), or "(absent)".
std::string junit_property(const std::string& xml, const std::string& name);

}  // namespace testsupport
