// Issue 12, item 1: the caller's terminal. Run from an interactive terminal (a real
// pseudo-terminal here, with a job-control shell leading its session), a test can neither push
// input into the terminal — through its standard streams or /dev/tty — nor leave the terminal's
// settings changed; and the user keeps what a terminal gives: ^C interrupts the test (the
// report says so), ^Z suspends the whole run and fg resumes it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

#include "isotest_run.hpp"
#include "probes.hpp"
#include "pty_job.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

const std::string kIsotest = isotest_binary();

std::vector<std::string> isotest(std::vector<std::string> args) {
    args.insert(args.begin(), kIsotest);
    return args;
}

bool same_modes(const termios& a, const termios& b) {
    return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag &&
           std::memcmp(a.c_cc, b.c_cc, sizeof a.c_cc) == 0;
}

TEST(Terminal, NoInputCanBeInjectedThroughAnyStreamOrDevTty) {
    ScratchDir reports;
    const std::string report = (reports / "r.xml").string();
    // Plain (every stream the terminal), with a report (stdout and stderr captured: stdin and
    // /dev/tty remain), and with every stream redirected (only /dev/tty remains).
    const std::vector<std::vector<std::string>> runs = {
        isotest({"--", probe("terminal"), "inject"}),
        isotest({"--junit", report, "--", probe("terminal"), "inject"}),
        {"sh", "-c", "exec \"$@\" </dev/null 2>/dev/null >" + sh_quote((reports / "out").string()), "sh", kIsotest,
         "--", probe("terminal"), "inject"},
    };
    for (const auto& command : runs) {
        PtyJob job(command, /*raw=*/true);
        EXPECT_EQ(job.next_event(), "exited 0") << job.screen();
        EXPECT_EQ(job.unread_input(), 0) << "input was pushed into the caller's terminal; it showed:\n" << job.screen();
        // The job's end can be seen before the terminal's last output has been read here.
        const auto said = [&] { return job.screen() + read_file_if_exists(reports / "out"); };
        EXPECT_TRUE(eventually([&] { return contains(said(), "/dev/tty: "); })) << said();
        EXPECT_FALSE(contains(said(), "injected")) << said();
    }
}

// A pseudo-terminal that is nobody's controlling terminal (a pty whose session ended, a serial
// line), in raw mode; closed with the object.
class OrphanTerminal {
public:
    OrphanTerminal() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
        path_ = ::ptsname(master_);
        slave_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
        termios raw{};
        if (slave_ < 0 || ::tcgetattr(slave_, &raw) != 0) return;
        ::cfmakeraw(&raw);
        ::tcsetattr(slave_, TCSANOW, &raw);
    }
    ~OrphanTerminal() {
        if (slave_ >= 0) ::close(slave_);
        if (master_ >= 0) ::close(master_);
    }
    OrphanTerminal(const OrphanTerminal&) = delete;
    OrphanTerminal& operator=(const OrphanTerminal&) = delete;
    bool usable() const { return slave_ >= 0; }
    const std::string& path() const { return path_; }
    // What was pushed into its input and not read yet.
    int unread_input() const {
        int unread = -1;
        return ::ioctl(slave_, FIONREAD, &unread) == 0 ? unread : -1;
    }

private:
    int master_ = -1;
    int slave_ = -1;
    std::string path_;
};

TEST(Terminal, ATerminalNoSessionHoldsCannotBeMadeTheTestsOwnToInjectInput) {
    // Handed to isotest as stdin or with --pass-fd, such a terminal can be made the test's own
    // with setsid + TIOCSCTTY, and then the kernel would allow TIOCSTI. The seccomp filter
    // refuses it anyway.
    OrphanTerminal terminal;
    ASSERT_TRUE(terminal.usable());
    struct Way {
        std::string redirect;
        std::vector<std::string> args;
        std::string said;
    };
    const std::vector<Way> ways = {
        {"< \"$0\"", {"--", probe("terminal"), "steal"}, "stdin: refused\n"},
        {"7<> \"$0\"", {"--pass-fd", "7", "--", probe("terminal"), "steal", "7"}, "fd 7: refused\n"},
    };
    for (const auto& way : ways) {
        RunRequest request;
        request.wrapper = {"sh", "-c", "exec \"$@\" " + way.redirect, terminal.path()};
        request.args = way.args;
        const RunResult r = run_isotest(request);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, way.said) << r.describe();
        EXPECT_EQ(terminal.unread_input(), 0) << "input was pushed into the terminal\n" << r.describe();
    }
}

// The filter costs each launch 0.05-0.3 ms; it is left out only where no terminal can reach the
// test: no standard stream is one, nothing is passed with --pass-fd or --dev.
TEST(Terminal, TheFilterIsLeftOutOnlyWhereNoTerminalIsWithinReach) {
    OrphanTerminal terminal;
    ASSERT_TRUE(terminal.usable());
    const std::string installed = "seccomp: refuse terminal input injection";
    const std::string left_out = "seccomp: no terminal within the test's reach, no filter";
    struct Case {
        std::string redirect;
        std::vector<std::string> options;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"", {}, left_out},
        {"< \"$0\"", {}, installed},
        {"7< /dev/null", {"--pass-fd", "7"}, installed},
        {"", {"--dev", "/dev/null"}, installed},
    };
    for (const auto& c : cases) {
        RunRequest request;
        request.wrapper = {"sh", "-c", "exec \"$@\" " + c.redirect, terminal.path()};
        request.args = {"-v"};
        request.args.insert(request.args.end(), c.options.begin(), c.options.end());
        request.args.insert(request.args.end(), {"--", "true"});
        const RunResult r = run_isotest(request);
        EXPECT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_TRUE(contains(r.err, c.expected)) << "wanted \"" << c.expected << "\" with " << c.redirect << "\n"
                                                 << r.describe();
    }
}

TEST(Terminal, SettingsTheTestChangesArePutBack) {
    PtyJob job(isotest({"--", probe("terminal"), "meddle"}), /*raw=*/false);
    const termios before = job.modes();
    EXPECT_EQ(job.next_event(), "exited 0") << job.screen();
    // It did reach the terminal (its end can be seen before its output has been read here).
    EXPECT_TRUE(eventually([&] { return contains(job.screen(), "meddled"); })) << job.screen();
    EXPECT_TRUE(same_modes(job.modes(), before)) << "the terminal was left without echo / in raw mode";
    EXPECT_EQ(job.exclusive(), 0) << "the terminal was left in exclusive mode";
    EXPECT_TRUE(job.output_flows()) << "the terminal's output was left stopped";
}

TEST(Terminal, CtrlCInterruptsTheTestAndTheReportSaysSo) {
    ScratchDir dir;
    const std::string report = (dir / "r.xml").string();
    PtyJob job(isotest({"--junit", report, "--rw", dir.str(), "--", "sh", "-c",
                        "trap 'echo INT > " + sh_quote((dir / "got").string()) + "; exit 42' INT; : > " +
                            sh_quote((dir / "ready").string()) + "; while :; do sleep 0.02; done"}),
               /*raw=*/false);
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir / "ready"); })) << job.screen();
    job.type("\x03");
    EXPECT_EQ(job.next_event(), "exited 42") << job.screen();
    EXPECT_EQ(read_file_if_exists(dir / "got"), "INT\n");
    EXPECT_EQ(junit_property(read_file(report), "isotest.terminated_by"), "SIGINT");
}

TEST(Terminal, AWindowResizeReachesTheTest) {
    ScratchDir dir;
    PtyJob job(isotest({"--rw", dir.str(), "--", "sh", "-c",
                        "trap 'stty size > " + sh_quote((dir / "size").string()) + "; exit 5' WINCH; : > " +
                            sh_quote((dir / "ready").string()) + "; while :; do sleep 0.02; done"}),
               /*raw=*/false);
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir / "ready"); })) << job.screen();
    job.resize(30, 100);
    EXPECT_EQ(job.next_event(), "exited 5") << job.screen();
    EXPECT_EQ(read_file_if_exists(dir / "size"), "30 100\n");
}

TEST(Terminal, CtrlZSuspendsTheWholeRunAndFgResumesIt) {
    ScratchDir dir;
    const std::string ticks = (dir / "ticks").string();
    const std::string stop = (dir / "stop").string();
    // The test and a child of its own in another process group both tick; a ^Z stops both.
    const std::string ticker = "while [ ! -e " + sh_quote(stop) + " ]; do echo $1 >> " + sh_quote(ticks) +
                               "; sleep 0.02; done";
    PtyJob job(isotest({"--rw", dir.str(), "--timeout", "600", "--", "sh", "-c",
                        "setsid sh -c " + sh_quote(ticker) + " sh child & sh -c " + sh_quote(ticker) +
                            " sh test; wait; exit 3"}),
               /*raw=*/false);
    const auto ticked = [&](const std::string& who) { return contains(read_file_if_exists(ticks), who); };
    ASSERT_TRUE(eventually([&] { return ticked("test") && ticked("child"); })) << job.screen();
    job.type("\x1a");
    EXPECT_EQ(job.next_event(), "stopped " + std::to_string(SIGTSTP)) << job.screen();
    // Stopped processes write nothing, however long one looks.
    const std::string at_stop = read_file(ticks);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(read_file(ticks), at_stop) << "the sandbox went on running while isotest was suspended";
    job.foreground();
    EXPECT_EQ(job.next_event(), "continued");
    EXPECT_TRUE(eventually([&] { return read_file(ticks).size() > at_stop.size() + 40; }))
        << "the sandbox did not resume";
    write_file(stop, "");
    EXPECT_EQ(job.next_event(), "exited 3") << job.screen();
}

}  // namespace
}  // namespace sectest
