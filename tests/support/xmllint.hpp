// xmllint (libxml2) as an independent judge of the reports isotest writes: well-formed, valid
// against a schema in shared/schemas, and readable by libxml2 without its "huge" option (no
// text node over 10,000,000 bytes, no start tag over its lookup limit).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace testsupport {

inline constexpr const char* kJunitSchema = "jenkins-xunit-junit-10.xsd";

// `xmllint --noout FILE`, or with a SCHEMA, tests/consumers/check_junit.sh: valid against
// shared/schemas/SCHEMA where it exists, else well-formed and within the rules that stand for it.
// Fails, never skips, when xmllint is missing.
::testing::AssertionResult xmllint_accepts(const std::filesystem::path& file, const std::string& schema = {});

}  // namespace testsupport
