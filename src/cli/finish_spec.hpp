// The one finishing step: what the options asked for + the caller's environment and working
// directory + what Bazel's test environment asks (src/buildsys/bazel.hpp) -> the SandboxSpec
// the sandbox and the report read. It owns every default (report name, suite, classname,
// record-network), the keep-path policy, the normalisation of every path option (once: the
// sandbox and the mount plan take the spec's paths as they are), the wiring of the test's own
// results (GTEST_OUTPUT, XML_OUTPUT_FILE) and the switches that say what the sandbox does for
// a report (capture_output, report_leftovers, report.own_xml_inside).
//
// Pure: the file system is asked only through HostFiles, so unit tests give it a fake host.
// Lives in the cli layer because it reads the Bazel layer's value.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "buildsys/bazel.hpp"
#include "isotest/error.hpp"
#include "isotest/spec.hpp"

namespace isotest::cli {

// What the command line and the config file asked for, each value checked on its own
// (cli/options.cpp): `spec` holds every option's value, the command, and the test's environment
// as --setenv/--unsetenv/--clear-env composed it. Path options are there as the user wrote
// them (relative to the caller's cwd, "..", trailing "/"): spec.cwd (empty: the caller's),
// rw_paths, tmpfs_paths, keep_paths (--keep only), report.junit_path, keep_writes_dir.
struct RequestedSpec {
    SandboxSpec spec;
    std::optional<bool> record_network;  // --record-network on|off; unset: the default
};

// The caller's side of the run.
struct Caller {
    std::vector<std::string> environment;  // isotest's own environment, NAME=VALUE
    std::string cwd;                       // isotest's working directory (absolute)
    std::optional<BazelTest> bazel;        // read_bazel_test() of that environment
};

// The only questions the finishing step asks the host; real_host_files() answers them.
struct HostFiles {
    // Canonical path (realpath) of an absolute path; the errno of the failure otherwise.
    std::function<std::string(const std::string& path, int& error)> real_path;
    // Whether the absolute path exists, and whether it is a directory.
    std::function<bool(const std::string& path, bool& directory)> exists;
    // The command's executable (cli/command_lookup.hpp); throws Error with 126 or 127.
    std::function<std::string(const std::string& name, const std::string& cwd, const std::string& search_path)>
        find_executable;
};

HostFiles real_host_files();

// The path inside the sandbox where the test is told to write its own JUnit XML.
inline constexpr const char* kOwnXmlInside = "/.isotest/results.xml";

// Throws Error (125, one line) for a path option that cannot be used. A command that cannot
// run or is not found is not thrown but left in `command_error`: the spec is still finished
// as far as the report needs it (no executable, no keep paths).
SandboxSpec finish_spec(RequestedSpec requested, const Caller& caller, const HostFiles& files,
                        std::optional<Error>& command_error);

}  // namespace isotest::cli
