// Runs the real isotest binary with captured stdout/stderr/exit status and a hard wall-clock
// limit, so a bug in isotest fails a test instead of hanging the suite. (Adapted from a copy of
// tests/integration/support/isotest_run.hpp; the suites share nothing but this idea.)
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

namespace sectest {

enum class StdinKind {
    null,       // /dev/null
    data,       // a pipe holding `stdin_data`, then EOF
    held_open,  // a pipe nobody writes to and we keep open until the run is over
};

struct RunRequest {
    std::vector<std::string> args;  // everything after the isotest binary
    std::string program;            // empty: isotest; else run this instead (for baselines)
    std::filesystem::path cwd;      // empty: inherit ours
    // Changes to our environment: a value sets, nullopt unsets.
    std::map<std::string, std::optional<std::string>> env;
    bool replace_env = false;       // start from an empty environment instead of ours
    StdinKind stdin_kind = StdinKind::null;
    std::string stdin_data;         // must fit a pipe buffer
    // Generous: only catches a hang, never a speed claim.
    std::chrono::milliseconds limit{std::chrono::seconds(120)};
};

struct RunResult {
    std::string program;  // empty: isotest
    std::vector<std::string> args;
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
    // Waits (bounded by the request's limit) and collects the result. Call once.
    RunResult wait();

private:
    struct State;
    std::unique_ptr<State> state_;
};

RunResult run_isotest(RunRequest request);
RunResult run_isotest(std::vector<std::string> args);

// Polls CONDITION every 10 ms until it holds or LIMIT passes; returns whether it held.
// For waiting on events, never for asserting speed.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(60));

}  // namespace sectest
