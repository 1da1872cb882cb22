#include "launchers.hpp"

namespace bench {

namespace {

std::vector<std::string> joined(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
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
    if (junit) return {"isotest --junit", joined({tools.isotest.string(), "--junit", junit->string(), "--"}, inner)};
    return {"isotest", joined({tools.isotest.string(), "--"}, inner)};
}

std::vector<Command> latency_launchers(const Tools& tools, const std::filesystem::path& junit_file) {
    std::vector<std::string> payload{tools.true_command.string()};
    return {bare(payload), under_unshare(tools, payload), under_bwrap(tools, payload), under_isotest(tools, payload),
            under_isotest(tools, payload, junit_file)};
}

}  // namespace bench
