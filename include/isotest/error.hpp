// isotest's own failures. Each carries a one-line message and the exit status it maps to
// (125 by default; 126/127 when the command cannot run / is not found).
#pragma once

#include <stdexcept>
#include <string>

#include "isotest/exit_codes.hpp"

namespace isotest {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, int exit_status = exit_code::isotest_failure)
        : std::runtime_error(message), exit_status_(exit_status) {}
    int exit_status() const { return exit_status_; }

private:
    int exit_status_;
};

// A failed system call: "mount /newroot/proc: Operation not permitted".
class SyscallError : public Error {
public:
    SyscallError(const std::string& syscall, const std::string& path, int error_number);
    int error_number() const { return errno_; }

private:
    int errno_;
};

}  // namespace isotest
