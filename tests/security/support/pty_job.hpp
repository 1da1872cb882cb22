// A command run as the foreground job of an interactive terminal: a fresh pseudo-terminal,
// a small job-control shell (the job_shell probe) leading its session, and the command in a
// process group of its own in the foreground. The test types at the terminal (^C, ^Z), reads
// what it displays, and hears what the shell sees of the job (stopped, continued, exited).
#pragma once

#include <sys/types.h>
#include <termios.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sectest {

class PtyJob {
public:
    // `raw`: the terminal starts in raw mode (no echo, no line editing, no ^C), so that input
    // pushed into it stays countable; otherwise in the usual cooked mode.
    PtyJob(const std::vector<std::string>& command, bool raw);
    ~PtyJob();
    PtyJob(const PtyJob&) = delete;
    PtyJob& operator=(const PtyJob&) = delete;

    // Keystrokes, as a user types them.
    void type(const std::string& keys);
    // Everything the terminal has displayed so far.
    std::string screen() const;
    // The next thing the shell saw happen to the job ("stopped 20", "continued", "exited 3",
    // "signaled 9"), or "" if nothing within `limit` (a hang guard, not a speed claim).
    std::string next_event(std::chrono::milliseconds limit = std::chrono::seconds(60));
    // Like bash's fg.
    void foreground();
    // The user resizes the terminal's window.
    void resize(unsigned short rows, unsigned short columns);

    // The terminal as the job left it (a descriptor of the slave side kept here).
    termios modes() const;
    int exclusive() const;         // TIOCGEXCL
    int unread_input() const;      // FIONREAD: bytes waiting to be read, typed or injected
    // Whether what is written to the terminal reaches the screen (output not stopped).
    bool output_flows();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace sectest
