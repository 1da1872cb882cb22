// The caller's terminal, as the test leaves it. The test runs in a session of its own with no
// controlling terminal (init calls setsid(2)), so it cannot open /dev/tty, inject input (see
// seccomp.hpp), take the terminal's foreground or receive its job-control signals. What it can
// still do through a standard stream that is a terminal is change the terminal's settings:
// `stty -echo -icanon`, exclusive mode, the line discipline, or stop output with tcflow. The
// supervisor records those settings before the test starts and puts back any the test changed
// when the run ends, as a shell does for its own settings around a job. The window size is left
// alone: it belongs to the terminal emulator, which sets it whenever the user resizes the
// window — during a long run too — and a resize and a test's `stty rows` look the same.
#pragma once

#include <sys/types.h>
#include <termios.h>

#include <vector>

namespace isotest::terminal {

class Settings {
public:
    // Records the settings of every terminal among `fds` (each terminal once).
    static Settings record(const std::vector<int>& fds);

    // Puts back whatever differs from the record, and restarts output a test may have stopped
    // (there is no way to ask whether it is stopped). Best effort: a terminal that went away
    // (hangup) is left alone.
    void restore() const;

    bool empty() const { return terminals_.empty(); }

private:
    struct Terminal {
        int fd;
        dev_t device;
        termios modes;
        int line_discipline;
        bool has_line_discipline;
        int exclusive;
        bool has_exclusive;
    };
    std::vector<Terminal> terminals_;
};

}  // namespace isotest::terminal
