// isotest ends the way the test ended. When the test died of a signal, isotest dies of the same
// signal, so that every parent sees what it would have seen without isotest: CTest prints
// "Exception: SegFault" or "Subprocess aborted", Python's subprocess returns -11, a shell
// shows 139, Bazel reports the crash. (Through a shell the two are the same anyway: a shell
// turns death by signal N into $? = 128+N.) isotest itself leaves no core file: the test's
// own core, where its limits allowed one, is the one that matters.
#pragma once

namespace isotest::cli {

// Exits with `status`, or, where `signal` is not 0, dies of that signal (falling back to exit
// status 128+signal should the signal not end the process).
[[noreturn]] void exit_like_test(int status, int signal);

}  // namespace isotest::cli
