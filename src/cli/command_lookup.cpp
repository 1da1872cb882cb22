#include "cli/command_lookup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "isotest/error.hpp"
#include "isotest/paths.hpp"

namespace isotest::cli {

namespace {

enum class Verdict { runnable, missing, not_runnable };

Verdict check(const std::string& path, std::string& reason) {
    struct stat info {};
    if (::stat(path.c_str(), &info) < 0) {
        reason = std::strerror(errno);
        // EACCES here is an unsearchable directory on the way: nothing found there, as a shell says.
        return (errno == ENOENT || errno == ENOTDIR || errno == EACCES) ? Verdict::missing : Verdict::not_runnable;
    }
    if (S_ISDIR(info.st_mode)) {
        reason = "it is a directory";
        return Verdict::not_runnable;
    }
    if (::access(path.c_str(), X_OK) < 0) {
        reason = "it is not executable (chmod +x?)";
        return Verdict::not_runnable;
    }
    return Verdict::runnable;
}

}  // namespace

std::string find_executable(const std::string& name, const std::string& cwd, const std::string& search_path) {
    if (name.empty()) throw Error("the command is an empty string", exit_code::not_found);
    std::string reason;
    if (name.find('/') != std::string::npos) {
        const std::string path = paths::absolute(name, cwd);
        switch (check(path, reason)) {
            case Verdict::runnable: return path;
            case Verdict::missing: throw Error("command not found: " + name + " (" + path + ": " + reason + ")", exit_code::not_found);
            case Verdict::not_runnable: throw Error("cannot execute " + path + ": " + reason, exit_code::cannot_execute);
        }
    }
    std::string first_unrunnable, unrunnable_reason;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = search_path.find(':', start);
        std::string dir = search_path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (dir.empty()) dir = ".";
        dir += '/';
        dir += name;
        const std::string path = paths::absolute(dir, cwd);
        switch (check(path, reason)) {
            case Verdict::runnable: return path;
            case Verdict::missing: break;
            case Verdict::not_runnable:
                if (first_unrunnable.empty()) {
                    first_unrunnable = path;
                    unrunnable_reason = reason;
                }
                break;
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (!first_unrunnable.empty()) {
        throw Error("cannot execute " + first_unrunnable + ": " + unrunnable_reason, exit_code::cannot_execute);
    }
    throw Error("command not found: " + name + " (searched PATH=" + search_path + ")", exit_code::not_found);
}

}  // namespace isotest::cli
