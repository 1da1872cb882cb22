// Replays every seed (corpus/TARGET/) and every input a fuzzer once crashed on
// (regressions/TARGET/) through the fuzz targets, as part of the normal test run. Each input
// runs in a child process, so one crash names its file and the others still run.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "targets.hpp"

namespace {

namespace fs = std::filesystem;

using Target = int (*)(const std::uint8_t*, std::size_t);

std::vector<fs::path> inputs_of(const std::string& target) {
    std::vector<fs::path> inputs;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path dir = fs::path(ISOTEST_FUZZ_DATA_DIR) / kind / target;
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.is_regular_file() && entry.path().filename().string().front() != '.') inputs.push_back(entry.path());
        }
    }
    return inputs;
}

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// "exit 0", or how the child ended ("signal 14": it hung).
std::string run_in_child(Target target, const std::string& input) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::alarm(60);  // a hang (libFuzzer "timeout" inputs) ends as SIGALRM instead of blocking the suite
        target(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
    return "exit " + std::to_string(WEXITSTATUS(status));
}

void replay(const std::string& name, Target target) {
    const auto inputs = inputs_of(name);
    ASSERT_FALSE(inputs.empty()) << "no seed inputs for " << name;
    for (const auto& input : inputs) {
        EXPECT_EQ(run_in_child(target, contents(input)), "exit 0") << input;
    }
}

TEST(FuzzReplay, CliParse) { replay("cli_parse", isotest::fuzz::cli_parse); }
TEST(FuzzReplay, XmlText) { replay("xml_text", isotest::fuzz::xml_text); }
TEST(FuzzReplay, Junit) { replay("junit", isotest::fuzz::junit); }
TEST(FuzzReplay, Tap) { replay("tap", isotest::fuzz::tap); }
TEST(FuzzReplay, Channel) { replay("channel", isotest::fuzz::channel); }
TEST(FuzzReplay, Packets) { replay("packets", isotest::fuzz::packets); }

}  // namespace
