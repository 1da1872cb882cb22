// The Bazel test encyclopedia, as seen from isotest under `bazel test --run_under=isotest` or an
// isotest_test rule: which of Bazel's paths the test must be able to write (and keep), where the
// report goes, what it is called, and where the test itself is told to write its own XML.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

// What the Bazel test environment `env` (the environment isotest itself got) asks of the
// sandbox. The finishing step (src/cli/finish_spec.hpp) decides what of it the spec takes.
struct BazelTest {
    // TEST_TMPDIR, TEST_UNDECLARED_OUTPUTS_DIR, TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR and the
    // directories holding XML_OUTPUT_FILE, TEST_WARNINGS_OUTPUT_FILE, TEST_PREMATURE_EXIT_FILE,
    // TEST_SHARD_STATUS_FILE, TEST_INFRASTRUCTURE_FAILURE_FILE, TEST_UNUSED_RUNFILES_LOG_FILE,
    // TEST_LOGSPLITTER_OUTPUT_FILE: absolute, normalised, existing directories only, none
    // inside another (one bind of the outermost covers the rest; paths::add_outermost).
    std::vector<std::string> writable_dirs;
    // The runfiles tree (TEST_SRCDIR, RUNFILES_DIR), Bazel's output base (where runfiles
    // symlinks point) and the workspace directory (where source-file symlinks point), so they
    // stay visible under a fresh /tmp (Bazel output bases often live in /tmp). Same form.
    std::vector<std::string> visible_dirs;
    std::string xml_output_file;  // XML_OUTPUT_FILE as given; empty when unset or empty
    std::string name;             // TEST_TARGET, with " (shard I of N)" when sharded; or empty
    std::string suite;            // TEST_TARGET, or empty
};

// nullopt unless is_bazel_test_environment(env).
std::optional<BazelTest> read_bazel_test(const Environment& env, const HostPaths& host = real_host_paths());

}  // namespace isotest
