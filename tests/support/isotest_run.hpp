// Runs the real isotest binary with captured stdout/stderr/exit status and a hard wall-clock
// limit, so a bug in isotest fails a test instead of hanging the suite.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace testsupport {

enum class StdinKind {
    null,       // /dev/null
    data,       // a pipe holding `stdin_data`, then EOF
    held_open,  // a pipe nobody writes to and we keep open until the run is over
};

struct RunRequest {
    std::vector<std::string> args;  // everything after the isotest binary
    std::string program;            // empty: isotest; else run this instead (for baselines)
    // Runs WRAPPER... ISOTEST ARGS... instead (e.g. unshare or bwrap around isotest, or around
    // PROGRAM); the first word is looked up in PATH.
    std::vector<std::string> wrapper;
    std::filesystem::path cwd;      // empty: inherit ours
    // Changes to our environment: a value sets, nullopt unsets.
    std::map<std::string, std::optional<std::string>> env;
    StdinKind stdin_kind = StdinKind::null;
    std::string stdin_data;         // for StdinKind::data; must fit a pipe buffer
    // Generous: only catches a hang, never a speed claim.
    std::chrono::milliseconds limit{std::chrono::seconds(120)};
};

struct RunResult {
    std::vector<std::string> command;  // the whole command line run ("isotest" for the binary)
    int exit_code = -1;        // valid when isotest exited
    int killed_by_signal = 0;  // nonzero when isotest itself died of a signal
    bool hit_limit = false;    // the harness had to SIGKILL it
    std::string out;
    std::string err;

    // Command line, status and both streams (shortened), for assertion messages.
    std::string describe() const;
};

// An isotest process that is running; the destructor SIGKILLs and reaps it if needed.
class RunningIsotest {
public:
    explicit RunningIsotest(RunRequest request);
    ~RunningIsotest();
    RunningIsotest(const RunningIsotest&) = delete;
    RunningIsotest& operator=(const RunningIsotest&) = delete;

    pid_t pid() const;
    std::string stdout_so_far() const;
    std::string stderr_so_far() const;
    // Whether isotest has exited (or was killed) already; waits for events use it to stop early.
    bool finished();
    // Waits until PATH exists or isotest has exited (bounded); returns whether PATH exists.
    bool await_file(const std::filesystem::path& path);
    // Waits (bounded by the request's limit) and collects the result. Call once.
    RunResult wait();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The path of the isotest binary under test, for commands that start it themselves.
std::string isotest_binary();

RunResult run_isotest(RunRequest request);
// Convenience: isotest ARGS with default settings.
RunResult run_isotest(std::vector<std::string> args);
// isotest OPTIONS... -- sh -c SCRIPT [SCRIPT_ARGS...] (sh_c_words = SCRIPT, SCRIPT_ARGS...).
RunResult run_isotest_sh(std::vector<std::string> options, const std::vector<std::string>& sh_c_words);

// Polls CONDITION every 10 ms until it holds or LIMIT passes; returns whether it held.
// For waiting on events, never for asserting speed.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(60));

}  // namespace testsupport
