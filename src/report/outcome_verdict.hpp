// How one run's Outcome reads as a JUnit verdict: which element, its type and message.
//   exit 0                      -> passed
//   exit == --skip-exit-code    -> <skipped>   "skipped: exited with status 77 (the skip exit code)"
//   other exit                  -> <failure type="isotest.ExitCode">  "exited with status 3"
//   signal                      -> <error type="isotest.Signal">  "killed by signal SIGSEGV (core dumped)"
//   --timeout fired             -> <error type="isotest.Timeout">  "timed out after 2.500 s"
//   sandbox/exec failure        -> <error type="isotest.SandboxError">  outcome.message
//   isotest got SIGTERM/...     -> <error type="isotest.Terminated">
//                                  "terminated: isotest received SIGTERM; the test ..."
// Messages are one line; the body (detail) starts with the message, then the command and
// the last lines of the test's stdout and of its stderr (20 lines, at most 4 KiB, each), each
// under its label ("last lines of stdout:"), so a viewer that shows only the body shows why.
#pragma once

#include <string>

#include "isotest/outcome.hpp"
#include "isotest/spec.hpp"
#include "report/junit_model.hpp"

namespace isotest::report {

struct RunVerdict {
    Verdict verdict = Verdict::passed;
    std::string type;
    std::string message;
    std::string detail;
};

RunVerdict judge_outcome(const SandboxSpec& spec, const Outcome& outcome);

}  // namespace isotest::report
