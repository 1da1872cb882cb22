#include "timed_run.hpp"

#include <fstream>
#include <sstream>

#include "launch_error.hpp"

namespace bench {

namespace {

std::string tail_of(const std::filesystem::path& file, std::size_t max_chars) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    while (!all.empty() && (all.back() == '\n' || all.back() == ' ')) all.pop_back();
    if (all.size() > max_chars) all = "..." + all.substr(all.size() - max_chars);
    return all;
}

}  // namespace

TimedRun run_timed(ChildSet& children, const Command& command, const LaunchIo& io) {
    Clock::time_point started = Clock::now();
    pid_t pid = children.start(command, io);
    TimedRun run;
    run.exited = children.wait(pid);
    run.seconds = std::chrono::duration<double>(run.exited.at - started).count();
    require_success(command, run.exited, io.stderr_file);
    return run;
}

void require_success(const Command& command, const Exited& exited, const std::filesystem::path& stderr_file) {
    if (succeeded(exited.status)) return;
    std::string err = tail_of(stderr_file, 600);
    throw LaunchError(command.label + " failed (" + describe_wait_status(exited.status) + "): `" +
                      shell_quoted(command.argv) + "`" + (err.empty() ? "" : "; its stderr: " + err));
}

}  // namespace bench
