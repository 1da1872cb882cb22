#include "run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "host.hpp"
#include "scratch.hpp"

#ifndef ISOTEST_BINARY
#error "ISOTEST_BINARY must be defined (path of the isotest binary under test)"
#endif

namespace sectest {

namespace bp = boost::process;

namespace {

struct Pipe {
    int read_end = -1;
    int write_end = -1;
};

Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    return {fds[0], fds[1]};
}

void write_all(int fd, const std::string& data) {
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("write stdin pipe: ") + std::strerror(errno));
        written += static_cast<std::size_t>(n);
    }
}

// Environment changes go through env(1), which then execs isotest (same pid): Boost 1.74's
// environment copy overflows a heap buffer with very large environments (found under ASan).
std::vector<std::string> command_line(const RunRequest& request, std::string& program) {
    const std::string target = request.program.empty() ? std::string(ISOTEST_BINARY) : request.program;
    if (request.env.empty() && !request.replace_env) {
        program = target;
        return request.args;
    }
    program = "/usr/bin/env";
    std::vector<std::string> words;
    if (request.replace_env) words.push_back("-i");
    for (const auto& [name, value] : request.env) {
        if (!value) words.insert(words.end(), {"-u", name});
    }
    for (const auto& [name, value] : request.env) {
        if (value) words.push_back(name + "=" + *value);
    }
    words.push_back(target);
    words.insert(words.end(), request.args.begin(), request.args.end());
    return words;
}

}  // namespace

struct RunningIsotest::State {
    RunRequest request;
    ScratchDir capture;
    std::filesystem::path out_path = capture / "stdout";
    std::filesystem::path err_path = capture / "stderr";
    bp::child child;
    int held_stdin = -1;  // write end we keep open for StdinKind::held_open
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    bool waited = false;

    ~State() {
        if (held_stdin >= 0) ::close(held_stdin);
    }
};

RunningIsotest::RunningIsotest(RunRequest request) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.request = std::move(request);
    const RunRequest& req = s.request;
    const std::string cwd = (req.cwd.empty() ? std::filesystem::current_path() : req.cwd).string();
    std::string program;
    const std::vector<std::string> words = command_line(req, program);
    const auto out = bp::std_out > s.out_path.string();
    const auto err = bp::std_err > s.err_path.string();
    if (req.stdin_kind == StdinKind::null) {
        s.child = bp::child(bp::exe = program, bp::args = words, out, err,
                            bp::std_in < bp::null, bp::start_dir = cwd);
        return;
    }
    const Pipe pipe = make_pipe();
    if (req.stdin_kind == StdinKind::data) {
        write_all(pipe.write_end, req.stdin_data);
        ::close(pipe.write_end);
    } else {
        s.held_stdin = pipe.write_end;
    }
    FILE* read_end = ::fdopen(pipe.read_end, "r");
    if (read_end == nullptr) throw std::runtime_error(std::string("fdopen: ") + std::strerror(errno));
    s.child = bp::child(bp::exe = program, bp::args = words, out, err,
                        bp::std_in < read_end, bp::start_dir = cwd);
    std::fclose(read_end);
}

RunningIsotest::~RunningIsotest() {
    if (state_ && !state_->waited && state_->child.valid()) {
        std::error_code ignored;
        if (state_->child.running(ignored)) state_->child.terminate(ignored);
    }
}

pid_t RunningIsotest::pid() const { return state_->child.id(); }

RunResult RunningIsotest::wait() {
    State& s = *state_;
    if (s.waited) throw std::logic_error("RunningIsotest::wait called twice");
    s.waited = true;
    RunResult result;
    result.args = s.request.args;
    result.program = s.request.program;
    // Our own polling loop: Boost 1.74's wait_for relies on SIGCHLD handling a gtest process
    // does not arrange.
    const auto deadline = s.started + s.request.limit;
    while (s.child.running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            result.hit_limit = true;
            s.child.terminate();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!result.hit_limit) {
        const int status = s.child.native_exit_code();
        if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status)) result.killed_by_signal = WTERMSIG(status);
    }
    result.out = read_file(s.out_path);
    result.err = read_file(s.err_path);
    return result;
}

RunResult run_isotest(RunRequest request) { return RunningIsotest(std::move(request)).wait(); }

RunResult run_isotest(std::vector<std::string> args) {
    RunRequest request;
    request.args = std::move(args);
    return run_isotest(std::move(request));
}

std::string RunResult::describe() const {
    constexpr std::size_t shown = 3000;
    std::ostringstream text;
    text << "command: " << (program.empty() ? "isotest" : program);
    std::size_t length = 0;
    for (const auto& arg : args) {
        length += arg.size();
        text << ' ' << (length > shown ? "..." : sh_quote(arg.size() > 200 ? arg.substr(0, 200) + "..." : arg));
        if (length > shown) break;
    }
    text << "\nstatus: ";
    if (hit_limit) text << "still running at the harness limit (SIGKILLed by the test)";
    else if (killed_by_signal != 0) text << "isotest died of signal " << killed_by_signal;
    else text << "exit " << exit_code;
    text << "\n--- stdout (" << out.size() << " bytes) ---\n" << out.substr(0, shown);
    text << "\n--- stderr (" << err.size() << " bytes) ---\n" << err.substr(0, shown) << '\n';
    return text.str();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace sectest
