#include "cli/finish_spec.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "cli/command_lookup.hpp"
#include "cli/options.hpp"
#include "cli/path_rules.hpp"
#include "isotest/paths.hpp"

namespace isotest::cli {

namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Canonical host path of something that must exist (bind mounts follow symlinks): the one
// normalisation a path option gets.
std::string existing_path(const HostFiles& files, const std::string& path, const std::string& cwd,
                          const std::string& what) {
    int error = 0;
    std::string resolved = files.real_path(paths::absolute(path, cwd), error);
    if (error != 0) throw Error(what + " " + path + ": " + std::strerror(error) + " (create it first, or drop the option)");
    return resolved;
}

// The one normalisation each path option gets; Bazel's directories come normalised.
void finish_paths(SandboxSpec& spec, const Caller& caller, const HostFiles& files) {
    spec.cwd = spec.cwd.empty() ? existing_path(files, caller.cwd, "/", "the current directory")
                                : existing_path(files, spec.cwd, caller.cwd, "--cwd");
    for (auto& path : spec.rw_paths) {
        path = existing_path(files, path, caller.cwd, "--rw");
        check_path_option(PathOption::rw, path);
    }
    for (auto& path : spec.tmpfs_paths) {
        path = paths::absolute(path, caller.cwd);
        if (path == "/") throw Error("--tmpfs / would hide the whole system; name a directory");
        check_path_option(PathOption::tmpfs, path);
        check_tmpfs_against_devices(path, spec.devices);
    }
    if (!spec.report.junit_path.empty()) spec.report.junit_path = paths::absolute(spec.report.junit_path, caller.cwd);
    if (!spec.keep_writes_dir.empty()) spec.keep_writes_dir = paths::absolute(spec.keep_writes_dir, caller.cwd);
    if (caller.bazel) {
        paths::add_outermost(spec.rw_paths, caller.bazel->writable_dirs);
        paths::add_outermost(spec.keep_paths, caller.bazel->visible_dirs);
    }
}

// Every name the report uses, and where the report goes (--junit, else Bazel's XML_OUTPUT_FILE).
void finish_report(SandboxSpec& spec, const Caller& caller) {
    ReportSpec& report = spec.report;
    const BazelTest bazel = caller.bazel.value_or(BazelTest{});
    if (report.junit_path.empty()) report.junit_path = bazel.xml_output_file;
    if (report.name.empty()) report.name = bazel.name;
    if (report.name.empty()) report.name = paths::last_component(spec.command.front());
    if (report.name.empty()) report.name = "test";  // an empty command: it cannot run (127), but is reported
    if (report.suite.empty()) report.suite = bazel.suite;
    if (report.suite.empty()) report.suite = report.name;
    // As CTest's --output-junit does: each test its own class, so viewers group by test.
    if (report.classname.empty()) report.classname = report.name;
}

// What a report (or -v) asks of the sandbox. Without a report nothing is captured, scanned
// or wired: a plain run costs nothing for a report nobody reads.
void finish_switches(SandboxSpec& spec, const std::optional<bool>& record_network) {
    const bool report = !spec.report.junit_path.empty();
    spec.capture_output = report;
    spec.report_leftovers = report || spec.verbose;
    // net_responder.hpp: on wherever someone will read the records.
    spec.record_network = record_network.value_or(spec.net != NetMode::host && (report || spec.verbose));
    if (!report) return;
    // The test's own per-case results, where init can read them back inside (own_results.hpp).
    spec.report.own_xml_inside = kOwnXmlInside;
    if (environment_value(spec.environment, "GTEST_OUTPUT").empty()) {
        spec.environment.push_back(std::string("GTEST_OUTPUT=xml:") + kOwnXmlInside);
    }
    std::erase_if(spec.environment, [](const std::string& entry) { return entry.starts_with("XML_OUTPUT_FILE="); });
    spec.environment.push_back(std::string("XML_OUTPUT_FILE=") + kOwnXmlInside);
}

// What the test needs stays visible even where a fresh tmpfs covers it (build trees in /tmp):
// its cwd, its executable, --keep paths, and files its arguments name by absolute path
// (`sh /tmp/build/test.sh`). Only paths a fresh mount would hide are acted on.
// `keep`: the --keep paths as given.
void finish_keep_paths(SandboxSpec& spec, const std::vector<std::string>& keep, const Caller& caller,
                       const HostFiles& files) {
    spec.keep_paths.push_back(spec.cwd);
    spec.keep_paths.push_back(paths::parent_directory(spec.executable));
    for (const char* variable : {"HOME", "TMPDIR"}) {
        // Where tests write by habit; kept so those writes work (and vanish) under a fresh /tmp too.
        const std::string path = environment_value(spec.environment, variable);
        int error = 0;
        if (path.empty() || path.front() != '/') continue;
        const std::string resolved = files.real_path(path, error);
        if (error == 0) spec.keep_paths.push_back(resolved);
    }
    for (const auto& path : keep) {
        spec.keep_paths.push_back(existing_path(files, path, caller.cwd, "--keep"));
        check_path_option(PathOption::keep, spec.keep_paths.back());
    }
    for (std::size_t i = 1; i < spec.command.size(); ++i) {
        const std::string& argument = spec.command[i];
        bool directory = false;
        if (argument.size() > 1 && argument.front() == '/' && files.exists(argument, directory)) {
            const std::string normal = paths::normalize(argument);
            spec.keep_paths.push_back(directory ? normal : paths::parent_directory(normal));
        }
    }
}

}  // namespace

HostFiles real_host_files() {
    return HostFiles{
        [](const std::string& path, int& error) -> std::string {
            char resolved[PATH_MAX];
            error = ::realpath(path.c_str(), resolved) ? 0 : errno;
            return error == 0 ? resolved : "";
        },
        [](const std::string& path, bool& directory) {
            struct stat info {};
            if (::stat(path.c_str(), &info) != 0) return false;
            directory = S_ISDIR(info.st_mode);
            return true;
        },
        find_executable,
    };
}

SandboxSpec finish_spec(RequestedSpec requested, const Caller& caller, const HostFiles& files,
                        std::optional<Error>& command_error) {
    SandboxSpec spec = std::move(requested.spec);
    const std::vector<std::string> keep = std::exchange(spec.keep_paths, {});
    finish_paths(spec, caller, files);
    finish_report(spec, caller);
    finish_switches(spec, requested.record_network);

    std::string search_path = environment_value(spec.environment, "PATH");
    if (search_path.empty()) search_path = kDefaultPath;
    try {
        spec.executable = files.find_executable(spec.command.front(), spec.cwd, search_path);
    } catch (const Error& error) {
        command_error = error;
        return spec;
    }
    finish_keep_paths(spec, keep, caller, files);
    return spec;
}

}  // namespace isotest::cli
