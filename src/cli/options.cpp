#include "cli/options.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "buildsys/bazel.hpp"
#include "cli/command_lookup.hpp"
#include "cli/device_paths.hpp"
#include "cli/parser_guard.hpp"
#include "cli/path_rules.hpp"
#include "cli/run_as.hpp"
#include "isotest/error.hpp"
#include "isotest/paths.hpp"
#include "isotest/report_limits.hpp"

namespace po = boost::program_options;

namespace isotest::cli {

namespace {

constexpr const char* kUsage = "usage: isotest [OPTIONS] [--] COMMAND [ARG...]";
constexpr const char* kOwnXmlInside = "/.isotest/results.xml";
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Options a config file may set too (everything but the command and the meta options).
po::options_description settable_options() {
    po::options_description sandbox("Sandbox");
    sandbox.add_options()
        ("timeout", po::value<double>(), "kill the test after SECONDS (fractional); exit 124")
        ("kill-after", po::value<double>(), "grace between SIGTERM and SIGKILL, in seconds (default 5)")
        ("net", po::value<std::string>(), "loopback (default): a private lo only; none: no usable interface; "
                                          "host: share the host's network")
        ("record-network", po::value<std::string>(),
         "on: every attempt to reach outside the private network (TCP, UDP, DNS, ICMP) is refused at once and "
         "listed in the report and by -v; off: it fails as the kernel has it (default: on with a report or -v; "
         "not with --net host)")
        ("fs", po::value<std::string>(), "overlay (default): writes succeed and vanish; readonly: writes fail "
                                         "with EROFS outside --rw and tmpfs paths")
        ("rw", po::value<std::vector<std::string>>()->composing(), "bind PATH read-write: writes persist (repeatable)")
        ("tmpfs", po::value<std::vector<std::string>>()->composing(),
         "a fresh, empty, writable directory at PATH (repeatable)")
        ("dev", po::value<std::vector<std::string>>()->composing(),
         "pass host device PATH into the sandbox's /dev, usable, with the host's owner and mode: a node "
         "(/dev/net/tun), a directory of them (/dev/dri) or a glob (/dev/nvidia*) (repeatable)")
        ("keep", po::value<std::vector<std::string>>()->composing(),
         "keep host PATH visible (not writable through) even under a fresh /tmp or --tmpfs (repeatable)")
        ("tmpfs-size", po::value<std::string>(),
         "one cap for everything the test can write, together: overlay writes, /tmp, /dev, /dev/shm (unless "
         "--shm-size), --tmpfs paths (not --rw); e.g. 512M (1M to 1048576G; default: what the kernel gives a "
         "tmpfs, half of RAM)")
        ("shm-size", po::value<std::string>(),
         "/dev/shm as a tmpfs of its own of SIZE, outside --tmpfs-size (1M to 1048576G; default: as large as the "
         "host's /dev/shm, or part of --tmpfs-size where that is given)")
        ("memory", po::value<std::string>(), "memory limit, e.g. 2G: address space of each process (RLIMIT_AS), and "
                                             "all the sandbox's memory, tmpfs included, where a cgroup can be made")
        ("max-procs", po::value<std::string>(), "most processes and threads the test may run at once (RLIMIT_NPROC, "
                                                "and a pids cgroup where one can be made: it binds root too; "
                                                "1 to 4194304)")
        ("max-files", po::value<std::string>(), "most open files per test process (RLIMIT_NOFILE; 1 to fs.nr_open)")
        ("hostname", po::value<std::string>(), "hostname inside, an RFC 1123 host name (default localhost)")
        ("root", po::bool_switch(), "run the test as uid/gid 0 inside")
        ("uid", po::value<std::string>(), "isotest run as root: run the test as host user USER (a name or a number), "
                                          "with no capabilities")
        ("gid", po::value<std::string>(), "with --uid: the test's group (a name or a number; default: the user's primary group)")
        ("groups", po::value<std::vector<std::string>>()->composing(),
         "with --uid: the test's supplementary groups, G1,G2,... (repeatable; default: the user's, as a login gets them)")
        ("map-subids", po::bool_switch(), "unprivileged: map your subordinate ids (/etc/subuid, /etc/subgid) too, with "
                                          "newuidmap/newgidmap, so that chown to root or setuid(0) fail with EPERM as on "
                                          "the host (not EINVAL); root maps every id anyway")
        ("cwd", po::value<std::string>(), "working directory of the test (default: the current one)")
        ("setenv", po::value<std::vector<std::string>>()->composing(), "set NAME=VALUE for the test (repeatable)")
        ("unsetenv", po::value<std::vector<std::string>>()->composing(), "remove NAME from the test's environment")
        ("clear-env", po::bool_switch(), "start the test with only the --setenv variables")
        ("pass-fd", po::value<std::vector<std::string>>()->composing(),
         "hand the caller's open descriptor N to the test as it is (repeatable; e.g. a make jobserver). "
         "Only stdin, stdout and stderr pass otherwise: N gives the test whatever the descriptor reaches")
        ("verbose,v", po::bool_switch(), "print each setup step and its duration on stderr");
    po::options_description report("Report");
    report.add_options()
        ("junit", po::value<std::string>(), "write a JUnit XML report to FILE")
        ("name", po::value<std::string>(), "testcase name (default: the command's basename)")
        ("classname", po::value<std::string>(), "testcase classname (default: the test's name, as CTest groups)")
        ("suite", po::value<std::string>(), "testsuite name")
        ("skip-exit-code", po::value<int>(), "exit status that means skipped (e.g. 77)")
        ("results", po::value<std::string>(), "where the test's own per-case results come from: xml (default): the "
                                              "JUnit XML it writes to $GTEST_OUTPUT / $XML_OUTPUT_FILE; tap: TAP 13/14 "
                                              "on its stdout")
        ("max-report-output", po::value<std::string>(), "output kept per stream in the report (default 1M, at most 2M)")
        ("report-details", po::bool_switch(), "every isotest.* property in the report (timings, namespaces, ids, byte "
                                              "counts), not only those a person acts on")
        ("keep-writes", po::value<std::string>()->value_name("DIR"),
         "after the run, copy what the test wrote outside its writable paths (and in /tmp) into DIR/root, deletions "
         "listed in DIR/manifest.txt; DIR must not exist or be empty");
    po::options_description all;
    all.add(sandbox).add(report);
    return all;
}

po::options_description meta_options() {
    po::options_description meta("General");
    meta.add_options()
        ("config", po::value<std::string>(), "read options from FILE (also $ISOTEST_CONFIG)")
        ("help,h", "show this help")
        ("version", "show the version");
    return meta;
}

// Everything from the first non-option word (or after "--") is the test's command line, so the
// test's own flags are never taken for isotest's.
std::vector<po::option> take_command(std::vector<std::string>& args) {
    std::vector<po::option> result;
    if (args.empty()) return result;
    const std::string& first = args.front();
    const bool terminator = first == "--";
    if (!terminator && !first.empty() && first.front() == '-' && first != "-") return result;
    for (std::size_t i = terminator ? 1 : 0; i < args.size(); ++i) {
        po::option word;
        word.string_key = "command";
        word.value.push_back(args[i]);
        word.original_tokens.push_back(args[i]);
        result.push_back(std::move(word));
    }
    args.clear();
    return result;
}

// How many words isotest's option at args[i] spans: 1, or 2 with its value in the next word;
// 0 where the test's command starts. Boost's parser takes them the same way.
std::size_t option_words(const std::vector<std::string>& args, std::size_t i, const po::options_description& options) {
    const std::string& word = args[i];
    if (word == "--" || word.size() < 2 || word.front() != '-') return 0;
    if (word.find('=') != std::string::npos || i + 1 == args.size()) return 1;
    const bool is_long = word.rfind("--", 0) == 0;
    const po::option_description* option = options.find_nothrow(word.substr(is_long ? 2 : 1), false, false, !is_long);
    return option && option->semantic()->max_tokens() > 0 ? 2 : 1;
}

// Every word isotest's own options span is checked before Boost's parser sees it; the
// command's own words are free.
void check_option_words(const std::vector<std::string>& args, const po::options_description& options) {
    for (std::size_t i = 0, words; i < args.size() && (words = option_words(args, i, options)) > 0; i += words) {
        reject_placeholders(args[i], "the option word '" + args[i] + "'");
        if (words == 1) continue;
        // Program_options reads an empty word as an option name matching every option; name the
        // option whose value is missing instead.
        if (args[i + 1].empty()) throw Error(args[i] + " needs a value, got an empty one");
        reject_placeholders(args[i + 1], "the value of " + args[i]);
    }
}

// Boost's command-line parser erases each word it takes from the front of the remaining ones:
// quadratic in their number (20,000 --rw took seconds). It is given slices of at most
// kSliceWords words instead, cut between options (the command, whatever its length, is the
// last slice), and what they parse to is stored at once: the same result, in linear time.
po::parsed_options parse_command_line(const std::vector<std::string>& args, const po::options_description& options) {
    constexpr std::size_t kSliceWords = 256;
    po::parsed_options parsed(&options);
    for (std::size_t start = 0; start < args.size();) {
        std::size_t end = start;
        for (std::size_t words; end < args.size() && end - start < kSliceWords &&
                                (words = option_words(args, end, options)) > 0;
             end += words) {
        }
        std::vector<std::string> slice;
        const bool command = end == start;
        if (command) {
            end = args.size();
            slice.assign(args.begin() + static_cast<long>(start), args.end());
        }
        // Boost reads a value that is also an option's name as that option ("--gid root":
        // --gid without a value, then --root), so "--name value" is handed over as
        // "--name=value"; a value starting with '-' stays a word of its own, so that
        // "--junit --root" is still a missing value.
        for (std::size_t i = start, words; !command && i < end; i += words) {
            words = option_words(args, i, options);
            const bool joined = words == 2 && args[i].rfind("--", 0) == 0 && !args[i + 1].empty() && args[i + 1].front() != '-';
            if (joined) {
                slice.push_back(args[i] + "=" + args[i + 1]);
            } else {
                slice.insert(slice.end(), args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i + words));
            }
        }
        po::parsed_options part = po::command_line_parser(slice)
                                      .options(options)
                                      .extra_style_parser(take_command)
                                      .style(po::command_line_style::default_style &
                                             ~po::command_line_style::allow_guessing)
                                      .run();
        parsed.options.insert(parsed.options.end(), std::make_move_iterator(part.options.begin()),
                              std::make_move_iterator(part.options.end()));
        start = end;
    }
    return parsed;
}

// Canonical host path of something that must exist (bind mounts follow symlinks).
std::string existing_path(const std::string& path, const std::string& cwd, const std::string& what) {
    const std::string absolute = paths::absolute(path, cwd);
    char resolved[PATH_MAX];
    if (!::realpath(absolute.c_str(), resolved)) {
        throw Error(what + " " + path + ": " + std::strerror(errno) + " (create it first, or drop the option)");
    }
    return resolved;
}

double positive_seconds(const po::variables_map& values, const char* name) {
    const double seconds = values[name].as<double>();
    if (!std::isfinite(seconds) || seconds <= 0 || seconds > 1e9) {
        throw Error(std::string("--") + name + " must be a positive number of seconds");
    }
    return seconds;
}

template <typename T>
std::vector<T> list(const po::variables_map& values, const char* name) {
    return values.count(name) ? values[name].as<std::vector<T>>() : std::vector<T>{};
}

void read_config_file(const std::string& path, const po::options_description& settable, po::variables_map& values) {
    struct stat info {};
    if (::stat(path.c_str(), &info) < 0) throw Error("cannot read config file " + path + ": " + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) throw Error("config file " + path + " is not a regular file");
    std::ifstream file(path);
    if (!file) throw Error("cannot read config file " + path + ": " + std::strerror(errno));
    std::stringstream content;
    content << file.rdbuf();
    reject_placeholders(content.str(), "config file " + path);
    try {
        po::store(po::parse_config_file(content, settable, false), values);
    } catch (const po::error& error) {
        throw Error("config file " + path + ": " + error.what());
    }
}

NetMode parse_net(const std::string& text) {
    if (text == "loopback") return NetMode::loopback;
    if (text == "none") return NetMode::none;
    if (text == "host") return NetMode::host;
    throw Error("--net must be loopback, none or host, not '" + text + "'");
}

// --record-network (net_responder.hpp): asked for, or on wherever someone will read the records.
bool parse_record_network(const po::variables_map& values, const SandboxSpec& spec) {
    if (!values.count("record-network")) return spec.net != NetMode::host && (!spec.report.junit_path.empty() || spec.verbose);
    const std::string text = values["record-network"].as<std::string>();
    if (text == "off") return false;
    if (text != "on") throw Error("--record-network must be on or off, not '" + text + "'");
    if (spec.net == NetMode::host) {
        throw Error("--record-network on needs the sandbox's own network, which --net host shares with the host: drop one");
    }
    return true;
}

FsMode parse_fs(const std::string& text) {
    if (text == "overlay") return FsMode::overlay;
    if (text == "readonly") return FsMode::readonly;
    throw Error("--fs must be overlay or readonly, not '" + text + "'");
}

void set_if_absent(std::vector<std::string>& environment, const std::string& name, const std::string& value) {
    if (environment_value(environment, name).empty()) environment.push_back(name + "=" + value);
}

void replace_variable(std::vector<std::string>& environment, const std::string& name, const std::string& value) {
    std::erase_if(environment, [&](const std::string& entry) { return entry.rfind(name + "=", 0) == 0; });
    environment.push_back(name + "=" + value);
}

// --pass-fd N: an open descriptor of the caller's, above the standard streams (which always pass).
int parse_descriptor(const std::string& text) {
    const bool digits = !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) throw Error("--pass-fd takes a descriptor number, not '" + text + "'");
    const int fd = std::stoi(text);
    if (fd < 3) throw Error("--pass-fd " + text + ": stdin, stdout and stderr always reach the test; name descriptors from 3 up");
    if (::fcntl(fd, F_GETFD) < 0) {
        throw Error("--pass-fd " + text + ": descriptor " + text + " is not open in isotest (open it in the caller, e.g. " +
                    text + "<file in a shell)");
    }
    return fd;
}

SandboxSpec build_spec(const po::variables_map& values, const HostContext& host, std::optional<Error>& command_error) {
    SandboxSpec spec;
    spec.command = list<std::string>(values, "command");
    if (spec.command.empty()) throw Error(std::string("no command given; ") + kUsage);

    if (values.count("timeout")) spec.timeout_seconds = positive_seconds(values, "timeout");
    if (values.count("kill-after")) spec.kill_after_seconds = positive_seconds(values, "kill-after");
    if (values.count("net")) spec.net = parse_net(values["net"].as<std::string>());
    if (values.count("fs")) spec.fs = parse_fs(values["fs"].as<std::string>());
    const auto bounded = [&](const char* name, const ValueRange& range) {
        return parse_bounded(values[name].as<std::string>(), std::string("--") + name, range);
    };
    if (values.count("tmpfs-size")) spec.tmpfs_size_bytes = bounded("tmpfs-size", ranges::tmpfs_size);
    if (values.count("shm-size")) spec.shm_size_bytes = bounded("shm-size", ranges::tmpfs_size);
    if (values.count("memory")) spec.memory_bytes = bounded("memory", ranges::memory);
    if (values.count("max-procs")) spec.max_procs = bounded("max-procs", ranges::max_procs);
    if (values.count("max-files")) spec.max_files = bounded("max-files", ranges::max_files);
    if (values.count("hostname")) spec.hostname = values["hostname"].as<std::string>();
    check_host_name(spec.hostname);
    spec.root = values["root"].as<bool>();
    spec.map_subordinate_ids = values["map-subids"].as<bool>();
    if (values.count("uid")) {
        if (spec.root) throw Error("--root and --uid exclude each other: --root is uid 0 inside, --uid another host user");
        spec.run_as = resolve_run_as(values["uid"].as<std::string>(),
                                     values.count("gid") ? std::optional(values["gid"].as<std::string>()) : std::nullopt,
                                     list<std::string>(values, "groups"));
    } else if (values.count("gid") || values.count("groups")) {
        throw Error("--gid and --groups go with --uid (the host user to run the test as)");
    }
    spec.verbose = values["verbose"].as<bool>();

    spec.cwd = values.count("cwd") ? existing_path(values["cwd"].as<std::string>(), host.cwd, "--cwd")
                                   : existing_path(host.cwd, "/", "the current directory");
    for (const auto& path : list<std::string>(values, "rw")) {
        spec.rw_paths.push_back(existing_path(path, host.cwd, "--rw"));
        check_path_option(PathOption::rw, spec.rw_paths.back());
    }
    for (const auto& path : list<std::string>(values, "tmpfs")) {
        const std::string absolute = paths::absolute(path, host.cwd);
        if (absolute == "/") throw Error("--tmpfs / would hide the whole system; name a directory");
        check_path_option(PathOption::tmpfs, absolute);
        spec.tmpfs_paths.push_back(absolute);
    }

    spec.devices = expand_devices(list<std::string>(values, "dev"), host.cwd);
    for (const auto& path : spec.tmpfs_paths) check_tmpfs_against_devices(path, spec.devices);

    for (const auto& text : list<std::string>(values, "pass-fd")) spec.pass_fds.push_back(parse_descriptor(text));
    std::sort(spec.pass_fds.begin(), spec.pass_fds.end());
    spec.pass_fds.erase(std::unique(spec.pass_fds.begin(), spec.pass_fds.end()), spec.pass_fds.end());

    const auto set = list<std::string>(values, "setenv");
    for (const auto& assignment : set) {
        const auto equals = assignment.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw Error("--setenv takes NAME=VALUE, not '" + assignment + "'");
        }
    }
    const auto unset = list<std::string>(values, "unsetenv");
    for (const auto& name : unset) {
        if (name.empty() || name.find('=') != std::string::npos) {
            throw Error("--unsetenv takes a NAME without '=', not '" + name + "'");
        }
    }
    spec.environment = compose_environment(host.environment, values["clear-env"].as<bool>(),
                                           unset, set);

    ReportSpec& report = spec.report;
    if (values.count("junit")) report.junit_path = paths::absolute(values["junit"].as<std::string>(), host.cwd);
    if (values.count("name")) report.name = values["name"].as<std::string>();
    if (values.count("suite")) report.suite = values["suite"].as<std::string>();
    if (values.count("classname")) report.classname = values["classname"].as<std::string>();
    report.details = values["report-details"].as<bool>();
    if (values.count("keep-writes")) spec.keep_writes_dir = paths::absolute(values["keep-writes"].as<std::string>(), host.cwd);
    if (values.count("skip-exit-code")) {
        const int code = values["skip-exit-code"].as<int>();
        if (code < 0 || code > 255) throw Error("--skip-exit-code must be 0 to 255");
        report.skip_exit_code = code;
    }
    if (values.count("results")) {
        const std::string format = values["results"].as<std::string>();
        if (format == "tap") {
            report.results = ResultsFormat::tap;
        } else if (format != "xml") {
            throw Error("--results must be xml or tap, not '" + format + "'");
        }
    }
    if (values.count("max-report-output")) {
        report.max_output_bytes = bounded("max-report-output", ranges::max_report_output);
    }

    // Under `bazel test`: Bazel's writable paths, report location and names (src/buildsys).
    const Environment caller = environment_from_entries(host.environment);
    const bool under_bazel = is_bazel_test_environment(caller);
    if (!report.junit_path.empty() || (under_bazel && caller.count("XML_OUTPUT_FILE"))) {
        // Ask the test for its own per-case results where init can read them back inside.
        report.own_xml_inside = kOwnXmlInside;
    }
    if (under_bazel) apply_bazel_environment(spec, caller);
    if (report.junit_path.empty()) {
        report.own_xml_inside.clear();
    } else {
        set_if_absent(spec.environment, "GTEST_OUTPUT", std::string("xml:") + kOwnXmlInside);
        replace_variable(spec.environment, "XML_OUTPUT_FILE", kOwnXmlInside);
    }
    spec.record_network = parse_record_network(values, spec);
    if (report.name.empty()) report.name = paths::last_component(spec.command.front());
    if (report.suite.empty()) report.suite = report.name;
    // As CTest's --output-junit does: each test its own class, so viewers group by test.
    if (report.classname.empty()) report.classname = report.name;

    std::string search_path = environment_value(spec.environment, "PATH");
    if (search_path.empty()) search_path = kDefaultPath;
    try {
        spec.executable = find_executable(spec.command.front(), spec.cwd, search_path);
    } catch (const Error& error) {
        command_error = error;
        return spec;
    }

    // What the test needs stays visible even where a fresh tmpfs covers it (build trees in /tmp):
    // its cwd, its executable, --keep paths, and files its arguments name by absolute path
    // (`sh /tmp/build/test.sh`). Only paths a fresh mount would hide are acted on.
    spec.keep_paths.push_back(spec.cwd);
    spec.keep_paths.push_back(paths::parent_directory(spec.executable));
    for (const char* variable : {"HOME", "TMPDIR"}) {
        // Where tests write by habit; kept so those writes work (and vanish) under a fresh /tmp too.
        const std::string path = environment_value(spec.environment, variable);
        char resolved[PATH_MAX];
        if (!path.empty() && path.front() == '/' && ::realpath(path.c_str(), resolved)) spec.keep_paths.push_back(resolved);
    }
    for (const auto& path : list<std::string>(values, "keep")) {
        spec.keep_paths.push_back(existing_path(path, host.cwd, "--keep"));
        check_path_option(PathOption::keep, spec.keep_paths.back());
    }
    for (std::size_t i = 1; i < spec.command.size(); ++i) {
        const std::string& argument = spec.command[i];
        struct stat info {};
        if (argument.size() > 1 && argument.front() == '/' && ::stat(argument.c_str(), &info) == 0) {
            spec.keep_paths.push_back(S_ISDIR(info.st_mode) ? paths::normalize(argument)
                                                            : paths::parent_directory(paths::normalize(argument)));
        }
    }
    return spec;
}

}  // namespace

// Each name once through hash sets, not an erase over the whole environment per option: ten
// thousand --setenv cost milliseconds, not seconds.
std::vector<std::string> compose_environment(const std::vector<std::string>& caller, bool clear_env,
                                             const std::vector<std::string>& unset,
                                             const std::vector<std::string>& set) {
    const auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
    std::unordered_set<std::string_view> replaced(unset.begin(), unset.end());
    // A name set twice keeps its last value, in the place of its last --setenv.
    std::unordered_map<std::string_view, std::size_t> last_set;
    for (std::size_t i = 0; i < set.size(); ++i) {
        replaced.insert(name_of(set[i]));
        last_set[name_of(set[i])] = i;
    }
    std::vector<std::string> environment;
    if (!clear_env) {
        for (const auto& entry : caller) {
            const bool named = entry.find('=') != std::string::npos;
            if (!named || !replaced.count(name_of(entry))) environment.push_back(entry);
        }
    }
    for (std::size_t i = 0; i < set.size(); ++i) {
        if (last_set[name_of(set[i])] == i) environment.push_back(set[i]);
    }
    return environment;
}

std::string environment_value(const std::vector<std::string>& environment, const std::string& name) {
    for (const auto& entry : environment) {
        if (entry.rfind(name + "=", 0) == 0) return entry.substr(name.size() + 1);
    }
    return "";
}

Invocation parse(const std::vector<std::string>& args, const HostContext& host) {
    Invocation invocation;
    if (!args.empty() && (args[0] == "doctor" || args[0] == "merge" || args[0] == "report")) {
        invocation.action = args[0] == "doctor" ? Action::doctor : args[0] == "merge" ? Action::merge : Action::report;
        invocation.subcommand_args.assign(args.begin() + 1, args.end());
        if (invocation.action == Action::doctor && !invocation.subcommand_args.empty()) {
            throw Error("isotest doctor takes no arguments");
        }
        return invocation;
    }

    const po::options_description settable = settable_options();
    po::options_description command_line;
    command_line.add(settable).add(meta_options());
    command_line.add_options()("command", po::value<std::vector<std::string>>());

    po::variables_map values;
    check_option_words(args, command_line);
    try {
        po::store(parse_command_line(args, command_line), values);
        if (values.count("help")) {
            std::ostringstream help;
            help << kUsage << "\n       isotest doctor | merge -o OUT FILE|DIR... | report FILE|DIR...\n\n"
                 << "Runs COMMAND in fresh user, PID, mount, network, IPC and UTS namespaces and exits with "
                    "its status\n(or dies of the signal the test died of; 124: timeout, 125: isotest failed, 126: not executable, "
                    "127: not found).\n\n"
                 << meta_options() << settable;
            invocation.action = Action::help;
            invocation.help_text = help.str();
            return invocation;
        }
        if (values.count("version")) {
            invocation.action = Action::version;
            return invocation;
        }
        std::string config = values.count("config") ? values["config"].as<std::string>()
                                                    : environment_value(host.environment, "ISOTEST_CONFIG");
        // Command-line values were stored first and win; the config file fills in the rest.
        if (!config.empty()) read_config_file(paths::absolute(config, host.cwd), settable, values);
        po::notify(values);
    } catch (const po::error& error) {
        throw Error(std::string(error.what()) + " (see isotest --help)");
    }
    invocation.spec = build_spec(values, host, invocation.command_error);
    return invocation;
}

}  // namespace isotest::cli
