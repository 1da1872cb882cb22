#include "buildsys/bazel.hpp"

#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "isotest/paths.hpp"

namespace isotest {

namespace {

// Directories Bazel hands the test by name.
constexpr std::array<std::string_view, 3> writable_directory_variables{
    "TEST_TMPDIR",
    "TEST_UNDECLARED_OUTPUTS_DIR",
    "TEST_UNDECLARED_OUTPUTS_ANNOTATIONS_DIR",
};

// Files the test (or a test framework) writes or touches; their directory must be writable,
// because the test creates them (touch, rename, delete), not just writes into them.
constexpr std::array<std::string_view, 7> writable_file_variables{
    "XML_OUTPUT_FILE",
    "TEST_WARNINGS_OUTPUT_FILE",
    "TEST_PREMATURE_EXIT_FILE",
    "TEST_SHARD_STATUS_FILE",
    "TEST_INFRASTRUCTURE_FAILURE_FILE",
    "TEST_UNUSED_RUNFILES_LOG_FILE",
    "TEST_LOGSPLITTER_OUTPUT_FILE",
};

// Runfiles trees: the test's cwd and data live there.
constexpr std::array<std::string_view, 2> runfiles_variables{"TEST_SRCDIR", "RUNFILES_DIR"};

std::optional<std::string> lookup(const Environment& env, std::string_view name) {
    const auto found = env.find(std::string(name));
    if (found == env.end() || found->second.empty()) return std::nullopt;
    return found->second;
}

// Absolute and lexically normal; nullopt for relative paths (they cannot be bound).
std::optional<std::string> absolute_normal(const std::string& path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    return paths::normalize(path);
}

// Bazel's output base: the runfiles tree lives in <output_base>/execroot/<ws>/..., or under
// linux-sandbox in <output_base>/sandbox/<strategy>/<n>/execroot/<ws>/...; runfiles symlinks
// point back into <output_base>/execroot.
std::optional<std::string> output_base_of(const std::string& runfiles) {
    const auto execroot = runfiles.find("/execroot/");
    if (execroot == std::string::npos || execroot == 0) return std::nullopt;
    std::string base = runfiles.substr(0, execroot);
    const auto sandbox = base.rfind("/sandbox/");
    if (sandbox != std::string::npos && sandbox > 0) base.resize(sandbox);
    return base;
}

// The workspace directory: Bazel links every top-level entry of the workspace into
// <output_base>/execroot/<workspace name>/, among them the WORKSPACE file.
std::optional<std::string> workspace_directory(const std::string& output_base, const Environment& env,
                                               const HostPaths& host) {
    const auto workspace_name = lookup(env, "TEST_WORKSPACE");
    if (!workspace_name || workspace_name->find('/') != std::string::npos) return std::nullopt;
    for (const char* marker : {"WORKSPACE", "WORKSPACE.bazel", "MODULE.bazel"}) {
        const auto target = host.read_link(output_base + "/execroot/" + *workspace_name + "/" + marker);
        if (!target) continue;
        if (auto normal = absolute_normal(*target)) return paths::parent_directory(*normal);
    }
    return std::nullopt;
}

std::vector<std::string> writable_directories(const Environment& env, const HostPaths& host) {
    std::vector<std::string> directories;
    const auto add_if_directory = [&](const std::optional<std::string>& path) {
        if (path && host.is_directory(*path)) directories.push_back(*path);
    };
    for (const auto name : writable_directory_variables) {
        if (const auto value = lookup(env, name)) add_if_directory(absolute_normal(*value));
    }
    for (const auto name : writable_file_variables) {
        const auto value = lookup(env, name);
        if (!value) continue;
        if (const auto file = absolute_normal(*value)) add_if_directory(paths::parent_directory(*file));
    }
    return directories;
}

std::vector<std::string> visible_directories(const Environment& env, const HostPaths& host) {
    std::vector<std::string> directories;
    for (const auto name : runfiles_variables) {
        const auto value = lookup(env, name);
        if (!value) continue;
        const auto runfiles = absolute_normal(*value);
        if (!runfiles || !host.is_directory(*runfiles)) continue;
        directories.push_back(*runfiles);
        const auto output_base = output_base_of(*runfiles);
        if (!output_base || !host.is_directory(*output_base)) continue;
        directories.push_back(*output_base);
        if (const auto workspace = workspace_directory(*output_base, env, host)) {
            if (host.is_directory(*workspace)) directories.push_back(*workspace);
        }
    }
    return directories;
}

std::string report_name(const std::string& target, const Environment& env) {
    const auto index = lookup(env, "TEST_SHARD_INDEX");
    const auto total = lookup(env, "TEST_TOTAL_SHARDS");
    if (!index || !total) return target;
    try {
        return target + " (shard " + std::to_string(std::stoul(*index) + 1) + " of " + *total + ")";
    } catch (const std::exception&) {
        return target + " (shard " + *index + " of " + *total + ")";
    }
}

}  // namespace

HostPaths real_host_paths() {
    return HostPaths{
        [](const std::string& path) {
            std::error_code error;
            return std::filesystem::is_directory(path, error);
        },
        [](const std::string& path) -> std::optional<std::string> {
            std::error_code error;
            auto target = std::filesystem::read_symlink(path, error);
            if (error) return std::nullopt;
            return target.string();
        },
    };
}

Environment environment_from_entries(const std::vector<std::string>& entries) {
    Environment env;
    for (const auto& entry : entries) {
        const auto equals = entry.find('=');
        if (equals == std::string::npos || equals == 0) continue;
        env.insert_or_assign(entry.substr(0, equals), entry.substr(equals + 1));
    }
    return env;
}

bool is_bazel_test_environment(const Environment& env) {
    return lookup(env, "TEST_TARGET").has_value() || lookup(env, "XML_OUTPUT_FILE").has_value();
}

std::optional<BazelTest> read_bazel_test(const Environment& env, const HostPaths& host) {
    if (!is_bazel_test_environment(env)) return std::nullopt;
    BazelTest test;
    paths::add_outermost(test.writable_dirs, writable_directories(env, host));
    paths::add_outermost(test.visible_dirs, visible_directories(env, host));
    test.xml_output_file = lookup(env, "XML_OUTPUT_FILE").value_or("");
    if (const auto target = lookup(env, "TEST_TARGET")) {
        test.name = report_name(*target, env);
        test.suite = *target;
    }
    return test;
}

}  // namespace isotest
