// Helpers for the report tests: temp directories, checking reports against the JUnit schemas in
// shared/schemas (tests/consumers/check_junit.sh), and the fixed values runs are described with.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"
#include "report/host_facts.hpp"

namespace isotest::report::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

void write_text_file(const std::string& path, const std::string& content);

// A subcommand's exit status and what it printed.
struct CommandRun {
    int status;
    std::string out;
    std::string err;
};
// `isotest report ARGS...`, stdout a terminal or not, NO_COLOR set or not.
CommandRun run_report(const std::vector<std::string>& args, bool terminal = false, bool no_color = false);
std::string read_text_file(const std::string& path);

// A checked-in producer sample (tests/unit/report/samples/NAME).
std::string sample_path(const std::string& name);
std::string read_sample(const std::string& name);

struct ToolRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};
ToolRun run_tool(const std::string& executable, const std::vector<std::string>& args);

// Validates with `xmllint --noout --schema SCHEMA` (ISOTEST_SHARED_DIR/schemas/SCHEMA). The
// schemas are not in this repository: where SCHEMA is absent, the report is checked for
// well-formedness and against tests/consumers/junit-rules/ instead (check_junit.sh), and the
// first such check says so in one line on stderr. Fails, never skips, when xmllint is missing.
// With $ISOTEST_KEEP_REPORTS naming a directory, each validated report is also kept there for
// other consumers' checks (tests/consumers/validate_with_npm.sh).
::testing::AssertionResult valid_against_schema(const std::string& xml, const std::string& schema);
// The fallback's verdict alone: the rules for SCHEMA, whether or not SCHEMA is present.
::testing::AssertionResult valid_by_rules(const std::string& xml, const std::string& schema);
bool schema_present(const std::string& schema);
::testing::AssertionResult valid_junit(const std::string& xml);  // jenkins-xunit-junit-10.xsd

// Our report as Ant writes one: the attributes of <testsuites> removed (the Ant schema allows
// none there) and each suite's <system-out>/<system-err> present even when empty (isotest
// leaves empty ones out; the Ant schema requires both), checked against windyroad-JUnit.xsd.
std::string in_ant_shape(const std::string& xml);
::testing::AssertionResult valid_windyroad_in_ant_shape(const std::string& xml);

HostFacts fixed_host();  // "buildhost", uid 1000, 2023-11-14T22:13:20Z
SandboxSpec spec_running(std::vector<std::string> command);
Outcome exited_with(int status);

}  // namespace isotest::report::testing
