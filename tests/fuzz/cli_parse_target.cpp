#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "invariant.hpp"
#include "isotest/error.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

// The input as a config file, for one parse; removed again right after, so neither crashes in
// forked replays nor libFuzzer's exits (which skip destructors) leave files behind.
class ConfigFile {
public:
    explicit ConfigFile(const std::string& content) {
        char name[] = "/tmp/isotest-fuzz-config-XXXXXX";
        const int fd = ::mkstemp(name);
        FUZZ_CHECK(fd >= 0, "mkstemp for the config file");
        path_ = name;
        std::size_t written = 0;
        while (written < content.size()) {
            const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
            FUZZ_CHECK(n > 0, "writing the config file");
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
    ~ConfigFile() { ::unlink(path_.c_str()); }
    ConfigFile(const ConfigFile&) = delete;
    ConfigFile& operator=(const ConfigFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

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

    const ConfigFile config(input);
    parse_expecting_only_isotest_errors({"--config", config.path(), "--", "true"});
    return 0;
}

}  // namespace isotest::fuzz
