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
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "scratch_dir.hpp"
#include "text.hpp"

#ifndef ISOTEST_BINARY
#error "ISOTEST_BINARY must be defined (path of the isotest binary under test)"
#endif

namespace testsupport {

namespace bp = boost::process;

namespace {

// Owns one file descriptor.
class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

struct CloseFile {
    void operator()(FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<FILE, CloseFile>;

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
};

// Both ends close-on-exec: the child gets the read end as its stdin (dup2 drops the flag) and
// nothing else of it.
Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
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

// Boost.Process takes a pipe end for stdin as a FILE*.
FilePtr as_file(UniqueFd fd) {
    FILE* file = ::fdopen(fd.get(), "r");
    if (file == nullptr) throw std::runtime_error(std::string("fdopen: ") + std::strerror(errno));
    fd.release();
    return FilePtr(file);
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

// WRAPPER... PROGRAM ARGS..., PROGRAM being isotest unless the request names another.
std::vector<std::string> command_words(const RunRequest& request, const std::string& isotest) {
    std::vector<std::string> words = request.wrapper;
    words.push_back(request.program.empty() ? isotest : request.program);
    words.insert(words.end(), request.args.begin(), request.args.end());
    return words;
}

// The program to start and its arguments.
std::pair<std::string, std::vector<std::string>> command_line(const RunRequest& request) {
    const std::vector<std::string> words = command_words(request, ISOTEST_BINARY);
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
    ScratchDir capture;
    std::filesystem::path out_path = capture / "stdout";
    std::filesystem::path err_path = capture / "stderr";
    bp::child child;
    UniqueFd held_stdin;  // write end we keep open for StdinKind::held_open
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    bool waited = false;
};

RunningIsotest::RunningIsotest(RunRequest request) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.request = std::move(request);
    const RunRequest& req = s.request;
    const std::string cwd = (req.cwd.empty() ? std::filesystem::current_path() : req.cwd).string();
    const ChildEnvironment environment(req.env);
    const DefaultSignalState default_signals;
    const auto [exe, args] = command_line(req);
    const auto spawn = [&](auto&& stdin_source) {
        return bp::child(bp::exe = exe, bp::args = args, bp::std_out > s.out_path.string(),
                         bp::std_err > s.err_path.string(), stdin_source, bp::start_dir = cwd,
                         environment, default_signals);
    };
    if (req.stdin_kind == StdinKind::null) {
        s.child = spawn(bp::std_in < bp::null);
        return;
    }
    Pipe pipe = make_pipe();
    if (req.stdin_kind == StdinKind::data) {
        write_all(pipe.write_end.get(), req.stdin_data);
        pipe.write_end.reset();
    } else {
        s.held_stdin = std::move(pipe.write_end);
    }
    const FilePtr read_end = as_file(std::move(pipe.read_end));
    s.child = spawn(bp::std_in < read_end.get());
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
    result.command = command_words(s.request, "isotest");
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
        const int status = s.child.native_exit_code();
        if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status)) result.killed_by_signal = WTERMSIG(status);
    }
    result.out = read_file(s.out_path);
    result.err = read_file(s.err_path);
    return result;
}

std::string isotest_binary() { return ISOTEST_BINARY; }

RunResult run_isotest(RunRequest request) { return RunningIsotest(std::move(request)).wait(); }

RunResult run_isotest_sh(std::vector<std::string> options, const std::vector<std::string>& sh_c_words) {
    options.insert(options.end(), {"--", "sh", "-c"});
    options.insert(options.end(), sh_c_words.begin(), sh_c_words.end());
    return run_isotest(std::move(options));
}

RunResult run_isotest(std::vector<std::string> args) {
    RunRequest request;
    request.args = std::move(args);
    return run_isotest(std::move(request));
}

std::string RunResult::describe() const {
    // Shortened: the hostile-input tests pass a mebibyte of arguments and floods of output.
    constexpr std::size_t shown = 4000;
    constexpr std::size_t longest_word = 200;
    std::ostringstream text;
    text << "command:";
    std::size_t length = 0;
    for (const auto& word : command) {
        if (length > shown) {
            text << " ...";
            break;
        }
        length += word.size();
        if (word.size() > longest_word) text << ' ' << sh_quote(word.substr(0, longest_word)) << "...";
        else text << ' ' << sh_quote(word);
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
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace testsupport
