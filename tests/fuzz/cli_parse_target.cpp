#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "invariant.hpp"
#include "isotest/error.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

// One config file per process, rewritten for every input, removed at exit.
class ConfigFile {
public:
    ConfigFile() {
        char name[] = "/tmp/isotest-fuzz-config-XXXXXX";
        const int fd = ::mkstemp(name);
        FUZZ_CHECK(fd >= 0, "mkstemp for the config file");
        ::close(fd);
        path_ = name;
    }
    ~ConfigFile() { ::unlink(path_.c_str()); }
    ConfigFile(const ConfigFile&) = delete;
    ConfigFile& operator=(const ConfigFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

const std::string& config_path() {
    static const ConfigFile file;
    return file.path();
}

cli::HostContext fake_host() {
    cli::HostContext host;
    host.environment = {"PATH=/usr/bin:/bin", "HOME=/nonexistent"};
    host.cwd = "/";
    return host;
}

void parse_expecting_only_isotest_errors(const std::vector<std::string>& args) {
    try {
        const cli::Invocation invocation = cli::parse(args, fake_host());
        if (invocation.action == cli::Action::run) {
            FUZZ_CHECK(!invocation.spec.command.empty(), "a run without a command");
            if (invocation.command_error) {
                const int status = invocation.command_error->exit_status();
                FUZZ_CHECK(status == 126 || status == 127, "a command error that is neither 126 nor 127");
            } else {
                FUZZ_CHECK(!invocation.spec.executable.empty() && invocation.spec.executable.front() == '/',
                           "the executable is not an absolute path");
            }
            FUZZ_CHECK(!invocation.spec.cwd.empty() && invocation.spec.cwd.front() == '/', "cwd is not absolute");
        }
    } catch (const Error& error) {
        const int status = error.exit_status();
        FUZZ_CHECK(status == 125 || status == 126 || status == 127, "an Error with an unexpected exit status");
    }
    // Anything else escaping (std::out_of_range, boost exceptions, ...) terminates: a crash.
}

}  // namespace

int cli_parse(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> args;
    std::string::size_type start = 0;
    for (;;) {
        const auto nul = input.find('\0', start);
        args.push_back(input.substr(start, nul == std::string::npos ? std::string::npos : nul - start));
        if (nul == std::string::npos) break;
        start = nul + 1;
    }
    // The fuzzer must not make parse read arbitrary files (a FIFO would block, /proc/kcore is
    // huge): config files come only from the second half of this target.
    for (const auto& arg : args) {
        if (arg.rfind("--config", 0) == 0) return 0;
    }
    parse_expecting_only_isotest_errors(args);

    std::ofstream(config_path(), std::ios::binary | std::ios::trunc) << input;
    parse_expecting_only_isotest_errors({"--config", config_path(), "--", "true"});
    return 0;
}

}  // namespace isotest::fuzz
