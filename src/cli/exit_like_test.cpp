#include "cli/exit_like_test.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "isotest/exit_codes.hpp"

namespace isotest::cli {

void exit_like_test(int status, int signal) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    if (signal <= 0 || signal >= NSIG) std::exit(status);
    // No core of isotest's: not dumpable (which also keeps a piped core_pattern handler away)
    // and a core size limit of 0.
    ::prctl(PR_SET_DUMPABLE, 0);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::signal(signal, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
    ::kill(::getpid(), signal);
    // A signal whose default action does not end a process (none ends a test that way, but the
    // number came from outside): the shell's convention.
    ::_exit(exit_code::signal_base + signal);
}

}  // namespace isotest::cli
