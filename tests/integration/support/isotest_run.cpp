#include "isotest_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "paths.hpp"
#include "text.hpp"

namespace itest {

namespace bp = boost::process;

namespace {

// A read end holding DATA and already at EOF after it, for the child's stdin.
FILE* stdin_pipe_with(const std::string& data) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    size_t written = 0;
    while (written < data.size()) {
        ssize_t n = ::write(fds[1], data.data() + written, data.size() - written);
        if (n < 0) {
            int saved = errno;
            ::close(fds[0]);
            ::close(fds[1]);
            throw std::runtime_error(std::string("write stdin pipe: ") + std::strerror(saved));
        }
        written += static_cast<size_t>(n);
    }
    ::close(fds[1]);
    FILE* read_end = ::fdopen(fds[0], "r");
    if (read_end == nullptr) {
        ::close(fds[0]);
        throw std::runtime_error(std::string("fdopen: ") + std::strerror(errno));
    }
    return read_end;
}

// The child's environment: ours with the request's changes. Built by hand and handed to the
// executor because Boost 1.74's environment lookup reads past short entries (ASan reports it).
class ChildEnvironment : public bp::extend::handler {
public:
    explicit ChildEnvironment(const std::map<std::string, std::optional<std::string>>& changes) {
        for (char** entry = ::environ; *entry != nullptr; ++entry) {
            const std::string text = *entry;
            const std::string name = text.substr(0, text.find('='));
            if (!changes.contains(name)) entries_.push_back(text);
        }
        for (const auto& [name, value] : changes) {
            if (value) entries_.push_back(name + "=" + *value);
        }
        for (auto& entry : entries_) pointers_.push_back(entry.data());
        pointers_.push_back(nullptr);
    }

    template <class Executor>
    void on_setup(Executor& executor) const {
        executor.env = pointers_.data();
    }

private:
    std::vector<std::string> entries_;
    mutable std::vector<char*> pointers_;
};

// isotest starts with default signal dispositions and nothing blocked, as a foreground
// command of an interactive shell would: run from a script's background job, SIGINT and SIGQUIT
// arrive ignored, and what the signal tests check would depend on how the suite was started.
class DefaultSignalState : public bp::extend::handler {
public:
    template <class Executor>
    void on_exec_setup(Executor&) const {
        for (int signal = 1; signal < NSIG; ++signal) {
            if (signal != SIGKILL && signal != SIGSTOP) ::signal(signal, SIG_DFL);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
    }
};

// The program to start and its arguments: isotest itself, or the wrapper around it.
std::pair<std::string, std::vector<std::string>> command_line(const RunRequest& request) {
    std::vector<std::string> words = request.wrapper;
    words.push_back(ISOTEST_BINARY);
    words.insert(words.end(), request.args.begin(), request.args.end());
    std::string exe = words.front();
    if (exe.find('/') == std::string::npos) {
        exe = bp::search_path(exe).string();
        if (exe.empty()) throw std::runtime_error(words.front() + " not found in PATH");
    }
    return {exe, std::vector<std::string>(words.begin() + 1, words.end())};
}

}  // namespace

struct RunningIsotest::State {
    RunRequest request;
    ScratchDir capture{persistent_temp_parent()};
    std::filesystem::path out_path = capture / "stdout";
    std::filesystem::path err_path = capture / "stderr";
    bp::child child;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    bool waited = false;
};

RunningIsotest::RunningIsotest(RunRequest request) : state_(std::make_unique<State>()) {
    state_->request = std::move(request);
    const RunRequest& req = state_->request;
    std::filesystem::path cwd = req.cwd.empty() ? std::filesystem::current_path() : req.cwd;
    const ChildEnvironment environment(req.env);
    const DefaultSignalState default_signals;
    const auto [exe, args] = command_line(req);
    if (req.stdin_data) {
        FILE* in = stdin_pipe_with(*req.stdin_data);
        state_->child = bp::child(bp::exe = exe, bp::args = args,
                                  bp::std_out > state_->out_path.string(),
                                  bp::std_err > state_->err_path.string(), bp::std_in < in,
                                  bp::start_dir = cwd.string(), environment, default_signals);
        std::fclose(in);
    } else {
        state_->child = bp::child(bp::exe = exe, bp::args = args,
                                  bp::std_out > state_->out_path.string(),
                                  bp::std_err > state_->err_path.string(), bp::std_in < bp::null,
                                  bp::start_dir = cwd.string(), environment, default_signals);
    }
}

RunningIsotest::~RunningIsotest() {
    if (state_ && !state_->waited && state_->child.valid()) {
        std::error_code ignored;
        if (state_->child.running(ignored)) state_->child.terminate(ignored);
    }
}

pid_t RunningIsotest::pid() const { return state_->child.id(); }

std::string RunningIsotest::stdout_so_far() const { return read_file(state_->out_path); }

std::string RunningIsotest::stderr_so_far() const { return read_file(state_->err_path); }

bool RunningIsotest::finished() {
    std::error_code ignored;
    return !state_->child.running(ignored);
}

bool RunningIsotest::await_file(const std::filesystem::path& path) {
    eventually([&] { return std::filesystem::exists(path) || finished(); });
    return std::filesystem::exists(path);
}

RunResult RunningIsotest::wait() {
    State& s = *state_;
    if (s.waited) throw std::logic_error("RunningIsotest::wait called twice");
    s.waited = true;
    RunResult result;
    result.command = s.request.wrapper;
    result.command.push_back("isotest");
    result.command.insert(result.command.end(), s.request.args.begin(), s.request.args.end());
    // Our own polling loop: Boost 1.74's wait_for relies on SIGCHLD delivery that a gtest
    // process does not arrange, so it can sleep for the whole limit.
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
        int status = s.child.native_exit_code();
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
    std::ostringstream text;
    text << "command:";
    for (const auto& word : command) text << ' ' << sh_quote(word);
    text << "\nstatus: ";
    if (hit_limit) text << "still running at the harness limit (SIGKILLed by the test)";
    else if (killed_by_signal != 0) text << "isotest died of signal " << killed_by_signal;
    else text << "exit " << exit_code;
    constexpr size_t shown = 4000;
    text << "\n--- stdout (" << out.size() << " bytes) ---\n" << out.substr(0, shown);
    text << "\n--- stderr (" << err.size() << " bytes) ---\n" << err.substr(0, shown) << '\n';
    return text.str();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace itest
