// SandboxSpec: the plain value that options, config files and the build-system environment
// are turned into. Everything downstream (launcher, report) reads only this.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace isotest {

enum class NetMode { loopback, none, host };
enum class FsMode { overlay, readonly };
// --results: where the test's per-case results come from. xml: the JUnit XML it writes where
// GTEST_OUTPUT / XML_OUTPUT_FILE point; tap: TAP 13/14 on its stdout (src/report/tap_results.hpp).
enum class ResultsFormat { xml, tap };

struct ReportSpec {
    std::string junit_path;          // empty: no report (what is written; the switches below say what is done)
    std::string name;                // testcase name (never empty: src/cli/finish_spec.hpp fills them all)
    std::string classname;           // testcase classname
    std::string suite;               // testsuite name
    std::optional<int> skip_exit_code;
    std::size_t max_output_bytes = 1024 * 1024;  // per stream, head + tail kept
    // Where the test is told to write its own XML (inside view), and init reads it back from
    // and sends it to the report; empty: the test's own results are neither wired nor read.
    std::string own_xml_inside;
    ResultsFormat results = ResultsFormat::xml;
    bool details = false;            // --report-details: every isotest.* property, not just those a person acts on
};

// --uid/--gid/--groups: the host user a test started by root runs as (names resolved when the
// options are read). Root's sandbox maps every id onto itself, so these are host ids too.
struct RunAs {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;  // supplementary groups, exactly these
};

// --dev: a host device node, or a directory of them, bound into the sandbox's /dev with the
// host's owner and mode and usable there (not nodev; src/sandbox/dev.hpp).
struct DeviceBind {
    std::string host;    // the node or directory on the host, symlinks resolved
    std::string inside;  // where the test sees it: the path given, below /dev
};

struct SandboxSpec {
    std::vector<std::string> command;      // argv of the test; command[0] as the user gave it
    std::string executable;                // command[0] resolved to an absolute host path
    std::vector<std::string> environment;  // the test's complete environment, NAME=VALUE
    std::optional<double> timeout_seconds;
    double kill_after_seconds = 5.0;       // grace between SIGTERM and SIGKILL
    NetMode net = NetMode::loopback;
    // --record-network: attempts to reach outside the private network are refused at once and
    // recorded (src/sandbox/net_responder.hpp); never with NetMode::host.
    bool record_network = false;
    FsMode fs = FsMode::overlay;
    // Paths below are absolute and normalised (src/cli/finish_spec.hpp: once, for everyone).
    std::vector<std::string> rw_paths;     // bound read-write from the host, symlinks resolved
    std::vector<std::string> tmpfs_paths;  // fresh tmpfs
    std::vector<std::string> keep_paths;   // host paths that must survive fresh mounts
    std::vector<DeviceBind> devices;       // --dev, globs expanded; no path within another
    // --tmpfs-size: the one cap for everything the test writes but --rw paths (and /dev/shm with
    // --shm-size); unset: no size given, the kernel's default for a tmpfs (half of RAM).
    std::optional<std::uint64_t> tmpfs_size_bytes;
    // --shm-size: /dev/shm as a tmpfs of its own of this size. Unset: as large as the host's
    // /dev/shm, or part of the --tmpfs-size cap where that is given (mount_plan::own_shm_size).
    std::optional<std::uint64_t> shm_size_bytes;
    std::string hostname = "localhost";
    bool root = false;                     // uid/gid 0 inside instead of the invoker's
    std::optional<RunAs> run_as;           // root only: run the test as this host user
    // Unprivileged: map the invoker's subordinate ids (/etc/subuid) besides its own, with
    // newuidmap/newgidmap (src/sandbox/subordinate_ids.hpp). Root maps every id anyway.
    bool map_subordinate_ids = false;
    std::string cwd;                       // absolute working directory of the test
    // --pass-fd: descriptors of the caller handed to the test as they are (beyond stdin, stdout
    // and stderr, which always pass, no more than their open mode); every other one is closed.
    std::vector<int> pass_fds;
    bool verbose = false;
    // What the sandbox does for a report (set by src/cli/finish_spec.hpp, never by asking
    // whether there is a junit path): capture the test's stdout and stderr as well as pass them
    // through (Outcome::stdout_capture); list the files the test wrote and the processes it left
    // (init, src/sandbox/hermeticity.hpp).
    bool capture_output = false;
    bool report_leftovers = false;
    // --keep-writes: absolute host directory the test's writes outside its writable paths are
    // copied into after the run (src/sandbox/keep_writes.hpp); empty: not kept.
    std::string keep_writes_dir;
    // Resource limits as rlimits of the test's processes (src/sandbox/limits.hpp); unset: inherited.
    std::optional<std::uint64_t> memory_bytes;  // --memory: RLIMIT_AS
    std::optional<std::uint64_t> max_procs;     // --max-procs: RLIMIT_NPROC
    std::optional<std::uint64_t> max_files;     // --max-files: RLIMIT_NOFILE
    ReportSpec report;
};

std::string to_string(NetMode mode);
std::string to_string(FsMode mode);

}  // namespace isotest
