// The Bazel test encyclopedia, as seen from isotest under `bazel test --run_under=isotest` or an
// isotest_test rule: which of Bazel's paths the test must be able to write (and keep), where the
// report goes, what it is called, and where the test itself is told to write its own XML.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "isotest/spec.hpp"

namespace isotest {

// Name -> value, as in the process environment.
using Environment = std::map<std::string, std::string>;

// The only questions the rules ask the host. Injected so that they stay a pure function of
// their inputs in unit tests; real_host_paths() answers them from the file system.
struct HostPaths {
    std::function<bool(const std::string& path)> is_directory;
    // Target of a symbolic link, nullopt when `path` is not one.
    std::function<std::optional<std::string>(const std::string& path)> read_link;
};

HostPaths real_host_paths();

// Environment parsed from "NAME=VALUE" entries (as in environ or SandboxSpec::environment);
// an entry without '=' is ignored, the last of duplicate names wins.
Environment environment_from_entries(const std::vector<std::string>& entries);

// True when we run as (or under) a `bazel test` action: TEST_TARGET or XML_OUTPUT_FILE is set.
bool is_bazel_test_environment(const Environment& env);

// Fills `spec` from the Bazel test environment `env` (the environment isotest itself got).
// Call it after the command line and config file are parsed (so explicit --junit / --name /
// --suite are already in spec.report), after spec.environment is final and after
// spec.report.own_xml_inside is chosen, and before name/suite defaults are filled in.
//  - rw_paths += TEST_TMPDIR, TEST_UNDECLARED_OUTPUTS_DIR, TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR
//    and the directories holding XML_OUTPUT_FILE, TEST_WARNINGS_OUTPUT_FILE,
//    TEST_PREMATURE_EXIT_FILE, TEST_SHARD_STATUS_FILE, TEST_INFRASTRUCTURE_FAILURE_FILE,
//    TEST_UNUSED_RUNFILES_LOG_FILE, TEST_LOGSPLITTER_OUTPUT_FILE — absolute, existing
//    directories only; none twice; none already inside another rw path.
//  - keep_paths += the runfiles tree (TEST_SRCDIR, RUNFILES_DIR), Bazel's output base (where
//    runfiles symlinks point) and the workspace directory (where source-file symlinks point),
//    so they stay visible under a fresh /tmp (Bazel output bases often live in /tmp).
//  - report.junit_path defaults to XML_OUTPUT_FILE; report.name and report.suite default to
//    TEST_TARGET (the name gets " (shard I of N)" when the test is sharded).
//  - spec.environment: XML_OUTPUT_FILE, when present, is pointed at report.own_xml_inside (when
//    set), so the test's own XML is read back and merged instead of being overwritten. Every
//    other variable (TEST_SHARD_INDEX, TEST_TOTAL_SHARDS, TESTBRIDGE_TEST_ONLY, ...) is kept.
void apply_bazel_environment(SandboxSpec& spec, const Environment& env,
                             const HostPaths& host = real_host_paths());

}  // namespace isotest
