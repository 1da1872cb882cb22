#include "launchers.hpp"

namespace bench {

namespace {

std::vector<std::string> joined(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

Command isotest_command(const std::string& label, const std::filesystem::path& binary,
                        const std::vector<std::string>& inner, const std::optional<std::filesystem::path>& junit,
                        const std::vector<std::string>& options = {}) {
    std::string full_label = label;
    std::vector<std::string> argv{binary.string()};
    if (junit) {
        full_label += " --junit";
        argv.insert(argv.end(), {"--junit", junit->string()});
    }
    for (const std::string& option : options) full_label += " " + option;
    argv = joined(joined(argv, options), {"--"});
    return {full_label, joined(argv, inner)};
}

}  // namespace

Command bare(const std::vector<std::string>& inner) { return {"bare", inner}; }

Command under_unshare(const Tools& tools, const std::vector<std::string>& inner) {
    return {"unshare",
            joined({tools.unshare.string(), "--user", "--map-root-user", "--pid", "--fork", "--mount", "--net",
                    "--ipc", "--uts"},
                   inner)};
}

Command under_bwrap(const Tools& tools, const std::vector<std::string>& inner) {
    return {"bwrap", joined({tools.bwrap.string(), "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev",
                             "/dev", "--tmpfs", "/tmp", "--die-with-parent"},
                            inner)};
}

Command under_isotest(const Tools& tools, const std::vector<std::string>& inner,
                      const std::optional<std::filesystem::path>& junit) {
    return isotest_command("isotest", tools.isotest, inner, junit);
}

Command under_baseline(const Tools& tools, const std::vector<std::string>& inner,
                       const std::optional<std::filesystem::path>& junit) {
    return isotest_command("baseline", tools.baseline.value(), inner, junit);
}

std::vector<Command> latency_launchers(const Tools& tools, const std::filesystem::path& junit_file) {
    std::vector<std::string> payload{tools.true_command.string()};
    std::vector<Command> commands{bare(payload), under_unshare(tools, payload), under_bwrap(tools, payload),
                                  under_isotest(tools, payload), under_isotest(tools, payload, junit_file),
                                  isotest_command("isotest", tools.isotest, payload, junit_file, {"--record-network", "off"})};
    if (tools.baseline) {
        commands.push_back(under_baseline(tools, payload));
        commands.push_back(under_baseline(tools, payload, junit_file));
    }
    return commands;
}

}  // namespace bench
