#include "sandbox/forwarding.hpp"

#include <unistd.h>

namespace isotest::forwarding {

void send(pid_t init, int signal, Recipient recipient) {
    sigval value{};
    value.sival_int = static_cast<int>(recipient);
    ::sigqueue(init, signal, value);
}

void pass_on(const siginfo_t& info, pid_t test) {
    if (info.si_pid != 0) return;  // from inside the sandbox: not isotest's word (see init.cpp)
    const auto recipient = info.si_code == SI_QUEUE ? static_cast<Recipient>(info.si_value.sival_int) : Recipient::test;
    switch (recipient) {
        case Recipient::test: ::kill(test, info.si_signo); break;
        // Init's own process group (setsid made it its leader), which the test is in; init
        // receives the signal too, from itself (si_pid 1), and does not pass that on.
        case Recipient::group: ::kill(0, info.si_signo); break;
        // From PID 1, -1 means every other process of the namespace.
        case Recipient::stop_all: ::kill(-1, SIGSTOP); break;
        case Recipient::continue_all: ::kill(-1, SIGCONT); break;
    }
}

}  // namespace isotest::forwarding
