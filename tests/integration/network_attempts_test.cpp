// Issue 16.1: with --record-network (on by default with a report or -v), a test that reaches for
// the network outside its sandbox is refused at once — a reset connection, an unreachable port,
// "no such name" — and the report lists what it tried. Every probe runs INSIDE the sandbox,
// under --net loopback or none, towards documentation addresses (192.0.2.0/24, 198.51.100.0/24,
// 2001:db8::/32) and names under .invalid or example.org: the traffic ends in isotest's own
// responder, nothing leaves the machine. Real clients: getent, curl, Python's urllib and socket.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "etc_layer.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

// Each probe prints "LABEL MSms RESULT"; Python from /usr/bin (not a PATH shim the other user
// cannot read).
constexpr const char* kPythonProbes = R"PY(
import socket, sys, time, urllib.request

def timed(label, attempt):
    start = time.monotonic()
    try:
        attempt()
        result = "ok"
    except Exception as error:
        result = type(error).__name__ + ": " + str(error)
    print("%s %dms %s" % (label, (time.monotonic() - start) * 1000, result), flush=True)

def connect6():
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(("2001:db8::1", 443))

def udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        s.connect(("198.51.100.7", 53))
        s.send(b"not a query")
        s.recv(512)

def echo():
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as s:
        s.settimeout(10)
        s.sendto(bytes([8, 0, 0xf7, 0xfe, 0, 1, 0, 0]), ("192.0.2.9", 0))
        reply = s.recv(1500)
        raise OSError("icmp type %d code %d" % (reply[20], reply[21]))

# The first urlopen also sets up its opener and imports what it needs (seconds on the VM lane's
# emulated CPU): done once against loopback, untimed and unrecorded, so the timed call is the refusal.
try: urllib.request.urlopen("http://127.0.0.1:9/", timeout=10)
except OSError: pass
timed("urllib", lambda: urllib.request.urlopen("http://192.0.2.1/", timeout=10))
timed("tcp6", connect6)
timed("udp", udp)
timed("resolve_invalid", lambda: socket.getaddrinfo("foo.invalid", 80))
timed("resolve_org", lambda: socket.getaddrinfo("example.org", 443))
if "--root" in sys.argv:
    timed("icmp", echo)
)PY";

constexpr const char* kShellProbes = R"SH(
ms() { echo $(( $(date +%s%N) / 1000000 )); }
start=$(ms); getent hosts foo.invalid; echo "getent $? $(( $(ms) - start ))ms"
start=$(ms); curl -sS --max-time 10 http://192.0.2.1/ 2>&1; echo "curl_ip $? $(( $(ms) - start ))ms"
start=$(ms); curl -sS --max-time 10 https://example.org/ 2>&1; echo "curl_name $? $(( $(ms) - start ))ms"
/usr/bin/python3 "$(dirname "$0")/probes.py" "$@"
)SH";

struct Probed {
    RunResult run;
    std::string report;
};

Probed run_probes(const std::vector<std::string>& options, bool root) {
    ScratchDir scratch;
    write_file(scratch / "probes.py", kPythonProbes);
    write_file(scratch / "probes.sh", kShellProbes);
    const fs::path report = scratch / "report.xml";
    std::vector<std::string> args = {"--junit", report.string()};
    args.insert(args.end(), options.begin(), options.end());
    if (root) args.push_back("--root");
    args.insert(args.end(), {"--", "sh", (scratch / "probes.sh").string()});
    if (root) args.push_back("--root");
    Probed probed{run_isotest(args), ""};
    probed.report = read_file_if_exists(report);
    return probed;
}

// The line a probe printed: "LABEL MSms RESULT" -> {RESULT, MS}.
struct Line {
    std::string result = "(no line)";
    long ms = -1;
};

Line line_of(const std::string& out, const std::string& label) {
    for (const std::string& line : lines_of(out)) {
        if (line.rfind(label + " ", 0) != 0) continue;
        const auto ms_end = line.find("ms", label.size() + 1);
        if (ms_end == std::string::npos) break;
        const auto after = ms_end + 2 < line.size() ? line.substr(ms_end + 3) : "";
        return {after, std::stol(line.substr(label.size() + 1, ms_end - label.size() - 1))};
    }
    return {};
}

// The shell's lines put the status first: "getent 2 3ms".
Line shell_line_of(const std::string& out, const std::string& label) {
    for (const std::string& line : lines_of(out)) {
        if (line.rfind(label + " ", 0) != 0) continue;
        const auto space = line.find(' ', label.size() + 1);
        return {line.substr(label.size() + 1, space - label.size() - 1), std::stol(line.substr(space + 1))};
    }
    return {};
}

// isotest OPTIONS -- python3 -c SCRIPT.
RunResult run_python(std::vector<std::string> options, const std::string& script) {
    options.insert(options.end(), {"--", "/usr/bin/python3", "-c", script});
    return run_isotest(options);
}

void expect_fast(const Line& line, const std::string& expected, const RunResult& run) {
    EXPECT_EQ(line.result, expected) << run.describe();
    EXPECT_GE(line.ms, 0) << run.describe();
    EXPECT_LT(line.ms, 1000) << "not refused at once: " << expected << "\n" << run.describe();
}

TEST(NetworkAttempts, RealClientsAreRefusedAtOnceAndTheReportListsThem) {
    for (const char* net : {"loopback", "none"}) {
        for (const bool root : {false, true}) {
            SCOPED_TRACE(std::string("--net ") + net + (root ? " --root" : ""));
            const Probed probed = run_probes({"--net", net}, root);
            const RunResult& r = probed.run;
            ASSERT_EQ(r.exit_code, 0) << r.describe();
            expect_fast(line_of(r.out, "urllib"), "URLError: <urlopen error [Errno 111] Connection refused>", r);
            expect_fast(line_of(r.out, "tcp6"), "ConnectionRefusedError: [Errno 111] Connection refused", r);
            expect_fast(line_of(r.out, "udp"), "ConnectionRefusedError: [Errno 111] Connection refused", r);
            expect_fast(line_of(r.out, "resolve_invalid"), "gaierror: [Errno -2] Name or service not known", r);
            expect_fast(line_of(r.out, "resolve_org"), "gaierror: [Errno -2] Name or service not known", r);
            expect_fast(shell_line_of(r.out, "getent"), "2", r);  // "not found"
            expect_fast(shell_line_of(r.out, "curl_ip"), "7", r);  // "Couldn't connect to server"
            expect_fast(shell_line_of(r.out, "curl_name"), "6", r);  // "Could not resolve host"
            EXPECT_TRUE(contains(r.out, "curl: (6) Could not resolve host: example.org")) << r.describe();
            if (root) expect_fast(line_of(r.out, "icmp"), "OSError: icmp type 3 code 1", r);

            const std::string attempts = junit_property(probed.report, "isotest.network_attempts");
            for (const char* tried : {"tcp 192.0.2.1:80 (2 times, first at ", "tcp [2001:db8::1]:443 (first at ",
                                      "udp 198.51.100.7:53 (first at ", "dns foo.invalid (", "dns example.org ("}) {
                EXPECT_TRUE(contains(attempts, tried)) << tried << " in " << attempts;
            }
            EXPECT_EQ(contains(attempts, "icmp 192.0.2.9 (first at "), root) << attempts;
        }
    }
}

// -v prints each attempt when it is first seen; loopback traffic is neither refused nor
// recorded; a failed test's message names what it tried.
TEST(NetworkAttempts, VerbosePrintsThemAndAFailureNamesThem) {
    const RunResult r = run_python(
        {"-v"},
        "import socket, sys\n"
        "server = socket.create_server(('127.0.0.1', 0)); socket.create_connection(server.getsockname()).close()\n"
        "server6 = socket.create_server(('::1', 0), family=socket.AF_INET6)\n"
        "socket.create_connection(server6.getsockname()[:2]).close()\n"
        "print('loopback ok', flush=True)\n"
        "try: socket.create_connection(('192.0.2.1', 8080), timeout=10)\n"
        "except ConnectionRefusedError: print('refused', flush=True)\n");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "loopback ok\nrefused\n") << r.describe();
    EXPECT_TRUE(contains(r.err, "isotest: network attempt refused: tcp 192.0.2.1:8080 (at ")) << r.describe();
    EXPECT_FALSE(contains(r.err, "127.0.0.1")) << r.describe();
    EXPECT_FALSE(contains(r.err, "::1")) << r.describe();

    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult failed = run_isotest({"--junit", report.string(), "--", "sh", "-c",
                                          "getent hosts db.example.org; getent hosts localhost >/dev/null; exit 1"});
    ASSERT_EQ(failed.exit_code, 1) << failed.describe();
    const std::string xml = read_file(report);
    EXPECT_TRUE(contains(xml, "message=\"exited with status 1; network attempts refused: dns db.example.org (")) << xml;
    EXPECT_TRUE(contains(xml, "network attempts refused by isotest: dns db.example.org (")) << xml;
    EXPECT_FALSE(contains(junit_property(xml, "isotest.network_attempts"), "localhost")) << xml;
}

// Under --net none lo is down: 127.0.0.1 and ::1 still fail at once (reject routes, not the
// default route through isotest0), and are not recorded.
TEST(NetworkAttempts, UnderNetNoneLoopbackStillFailsAtOnce) {
    const RunResult r = run_python(
        {"-v", "--net", "none"},
        "import socket, time\n"
        "for address in (('127.0.0.1', 80), ('::1', 80)):\n"
        "    start = time.monotonic()\n"
        "    try: socket.create_connection(address, timeout=10)\n"
        "    except OSError as error: print(error.errno, time.monotonic() - start < 1)\n");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    // EHOSTUNREACH (without isotest0: ENETUNREACH); ::1 has no source address either way.
    EXPECT_EQ(r.out, "113 True\n99 True\n") << r.describe();
    EXPECT_FALSE(contains(r.err, "network attempt refused")) << r.describe();
}

// Off (no report, no -v, or --record-network off): the kernel's own failure, nothing recorded;
// with --net host there is nothing of the sandbox's own to record (no probe runs there).
TEST(NetworkAttempts, OffLeavesTheKernelsFailure) {
    const std::string connect =
        "import socket\n"
        "try: socket.create_connection(('192.0.2.1', 80), timeout=10)\n"
        "except OSError as error: print(error.errno)\n";
    const RunResult bare = run_python({}, connect);
    EXPECT_EQ(bare.out, "101\n") << "ENETUNREACH: " << bare.describe();
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult off = run_python({"--junit", report.string(), "--record-network", "off"}, connect);
    EXPECT_EQ(off.out, "101\n") << off.describe();
    EXPECT_EQ(junit_property(read_file(report), "isotest.network_attempts"), "(absent)");
    const RunResult host = run_isotest({"--net", "host", "--record-network", "on", "--", "true"});
    EXPECT_EQ(host.exit_code, 125) << host.describe();
    EXPECT_EQ(host.err,
              "isotest: error: --record-network on needs the sandbox's own network, which --net host shares with the host: "
              "drop one\n")
        << host.describe();
}

// Without a usable /dev/net/tun (a container without it; here /dev/null bound over it in a mount
// namespace of the wrapper's) the run goes on as with recording off, and the report says why.
TEST(NetworkAttempts, WithoutATunDeviceTheRunGoesOnUnrecorded) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    RunRequest request;
    request.wrapper = {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                       "mount --bind /dev/null /dev/net/tun && exec \"$@\"", "sh"};
    request.args = {"--junit", report.string(), "--", "/usr/bin/python3", "-c",
                    "import socket\n"
                    "try: socket.create_connection(('192.0.2.1', 80), timeout=10)\n"
                    "except OSError as error: print(error.errno)\n"};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "101\n") << "ENETUNREACH, as without recording: " << r.describe();
    EXPECT_EQ(junit_property(read_file(report), "isotest.network_attempts"),
              "not recorded: ioctl TUNSETIFF isotest0: Inappropriate ioctl for device");
}

// The sandbox's /etc/resolv.conf asks the responder whatever shape the view's has: a symlink (as
// systemd-resolved's stub, /etc/resolv.conf -> ../run/systemd/resolve/stub-resolv.conf with
// nameserver 127.0.0.53: lookups failed at once there but went unrecorded), relative or absolute,
// dangling, to a FIFO, or none at all. The wrapper gives isotest such an /etc: a read-only overlay
// of a layer of the test's over the host's, in a mount namespace of its own (root: the host's
// user namespace, so isotest builds its view as root; otherwise a user namespace around isotest).
// The link and its target are left as they are, never written; the search and options lines of
// the file the link names are kept (from the view, never from outside it).
TEST(NetworkAttempts, ASymlinkedOrMissingResolvConfStillAsksTheResponder) {
    constexpr const char* kStub = "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch isotest-search.invalid\n";
    const std::string ours = "# isotest: every query is answered by isotest, and recorded (--record-network)\n"
                             "nameserver 169.254.0.53\n";
    struct Shape {
        const char* name;
        const char* setup;  // in the layer's directory, which becomes /etc's top layer
        std::string expected;  // /etc/resolv.conf inside
    };
    const std::vector<Shape> shapes = {
        {"relative symlink, up and back", "ln -s ../etc/stub/stub-resolv.conf resolv.conf",
         ours + "options edns0 trust-ad\nsearch isotest-search.invalid\n"},
        {"absolute symlink", "ln -s /etc/stub/stub-resolv.conf resolv.conf",
         ours + "options edns0 trust-ad\nsearch isotest-search.invalid\n"},
        {"dangling symlink", "ln -s ../run/isotest-no-such-dir/stub-resolv.conf resolv.conf", ours},
        {"symlink to a FIFO", "mkfifo stub/fifo && ln -s stub/fifo resolv.conf", ours},
        {"symlink out of the view", "ln -s ../../../../proc/1/root/etc/passwd resolv.conf", ours},
        {"missing", "mknod resolv.conf c 0 0", ours},  // an overlay whiteout: the host's is hidden
    };
    for (const Shape& shape : shapes) {
        SCOPED_TRACE(shape.name);
        const EtcLayer etc("stub/stub-resolv.conf", kStub);
        const fs::path layer = etc.path();
        const fs::path report = layer.parent_path() / "report.xml";
        RunRequest request;
        request.wrapper = etc.wrapper(shape.setup);
        request.args = {"--junit", report.string(), "--", "sh", "-c",
                        "cat /etc/resolv.conf; echo ---; getent hosts foo.invalid; echo \"getent $?\""};
        const RunResult r = run_isotest(request);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, shape.expected + "---\ngetent 2\n") << r.describe();
        EXPECT_TRUE(contains(junit_property(read_file_if_exists(report), "isotest.network_attempts"), "dns foo.invalid ("))
            << read_file_if_exists(report);
        // Nothing was written through the link, nor to it.
        EXPECT_EQ(read_file(layer / "stub" / "stub-resolv.conf"), kStub);
        if (std::string(shape.name) != "missing") {
            EXPECT_TRUE(fs::is_symlink(layer / "resolv.conf"));
        }
    }
}

// `isotest doctor` says whether the recorder can work: its line is "ok" here, and where
// /dev/net/tun is not the TUN device (/dev/null bound over it, as above) it warns, names what a
// run loses and the fix, and doctor still passes (the recorder is optional).
TEST(NetworkAttempts, DoctorSaysWhetherTheRecorderCanWork) {
    const auto recorder_line = [](const RunResult& r) {
        for (const std::string& line : lines_of(r.out)) {
            if (contains(line, "network recorder, /dev/net/tun")) return line;
        }
        return std::string("(no line)");
    };
    const RunResult here = run_isotest({"doctor"});
    EXPECT_EQ(here.exit_code, 0) << here.describe();
    EXPECT_EQ(recorder_line(here),
              "ok    network recorder, /dev/net/tun (optional: --record-network): network attempts are recorded and "
              "refused at once (--record-network, on with a report or -v)")
        << here.describe();

    RunRequest request;
    request.wrapper = {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                       "mount --bind /dev/null /dev/net/tun && exec \"$@\"", "sh"};
    request.args = {"doctor"};
    const RunResult without = run_isotest(request);
    EXPECT_EQ(without.exit_code, 0) << without.describe();
    const std::string line = recorder_line(without);
    EXPECT_EQ(line.rfind("warn  network recorder, /dev/net/tun (optional: --record-network): ioctl TUNSETIFF isotest0: "
                         "Inappropriate ioctl for device — without it network attempts are not recorded",
                         0),
              0u)
        << without.describe();
    EXPECT_TRUE(contains(line, "is not the TUN device")) << without.describe();
    EXPECT_TRUE(contains(line, "--device /dev/net/tun")) << without.describe();
}

// The responder reads what the test sends without privilege: isotest's children are init (in the
// sandbox's PID namespace: two NSpid values) and the namespace helper (one), which holds no
// capability and cannot gain one while the test runs.
TEST(NetworkAttempts, TheResponderRunsWithoutPrivilege) {
    ScratchDir shared;
    RunRequest request;
    request.args = {"--record-network", "on", "--rw", shared.str(), "--", "sh", "-c",
                    "touch " + sh_quote((shared / "ready").string()) + "; sleep 5"};
    RunningIsotest running(request);
    ASSERT_TRUE(running.await_file(shared / "ready")) << running.wait().describe();
    const std::string pid = std::to_string(running.pid());
    std::string helper_status;
    std::istringstream children(read_file_if_exists("/proc/" + pid + "/task/" + pid + "/children"));
    for (std::string child; children >> child;) {
        const std::string status = read_file_if_exists("/proc/" + child + "/status");
        for (const std::string& line : lines_of(status)) {
            std::istringstream values(line);
            std::string key, first, second;
            values >> key >> first >> second;
            if (key == "NSpid:" && second.empty()) helper_status = status;
        }
    }
    ::kill(running.pid(), SIGTERM);
    running.wait();
    ASSERT_FALSE(helper_status.empty()) << "no namespace helper among isotest's children";
    EXPECT_TRUE(contains(helper_status, "\nCapEff:\t0000000000000000\n")) << helper_status;
    EXPECT_TRUE(contains(helper_status, "\nCapPrm:\t0000000000000000\n")) << helper_status;
    EXPECT_TRUE(contains(helper_status, "\nNoNewPrivs:\t1\n")) << helper_status;
}

// A test that tries many destinations leaves a bounded list: 100 listed, the rest counted.
TEST(NetworkAttempts, TheListIsBounded) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult r = run_python(
        {"--junit", report.string()},
        "import socket\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "for port in range(1, 301): s.sendto(b'x', ('198.51.100.7', port))\n"
        "for _ in range(3): s.sendto(b'x', ('198.51.100.7', 1))\n");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    const std::string attempts = junit_property(read_file(report), "isotest.network_attempts");
    EXPECT_TRUE(attempts.starts_with("udp 198.51.100.7:1 (4 times, first at ")) << attempts;
    EXPECT_TRUE(contains(attempts, "udp 198.51.100.7:100 (first at ")) << attempts;
    EXPECT_FALSE(contains(attempts, "udp 198.51.100.7:101 ")) << attempts;
    EXPECT_TRUE(attempts.ends_with(" (+200 more)")) << attempts;
}

}  // namespace
}  // namespace itest
