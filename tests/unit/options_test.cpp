#include "cli/options.hpp"
#include "cli/path_rules.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "isotest/error.hpp"

using namespace isotest;
using namespace isotest::cli;

namespace {

HostContext host() {
    HostContext context;
    context.environment = {"PATH=/usr/bin:/bin", "HOME=/root", "KEEP=1"};
    context.cwd = "/";
    return context;
}

Invocation parse_args(std::vector<std::string> args, HostContext context = host()) {
    return parse(args, context);
}

std::string error_of(std::vector<std::string> args, HostContext context = host()) {
    try {
        parse(args, context);
    } catch (const Error& error) {
        EXPECT_EQ(error.exit_status(), 125) << error.what();
        return error.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

// Each option (with its value) followed by "true" is refused with a message holding the text.
void expect_refused(const std::vector<std::pair<std::vector<std::string>, std::string>>& cases) {
    for (const auto& [options, text] : cases) {
        std::vector<std::string> args = options;
        args.push_back("true");
        const std::string message = error_of(args);
        EXPECT_NE(message.find(text), std::string::npos) << options[0] << " " << options[1] << ": " << message;
    }
}

}  // namespace

TEST(Options, DefaultsMatchTheDocumentedOnes) {
    const auto spec = parse_args({"--", "true"}).spec;
    EXPECT_EQ(spec.command, (std::vector<std::string>{"true"}));
    EXPECT_EQ(spec.executable, "/usr/bin/true");
    EXPECT_EQ(spec.net, NetMode::loopback);
    EXPECT_EQ(spec.fs, FsMode::overlay);
    EXPECT_EQ(spec.hostname, "localhost");
    EXPECT_FALSE(spec.root);
    EXPECT_FALSE(spec.timeout_seconds);
    EXPECT_EQ(spec.kill_after_seconds, 5.0);
    EXPECT_EQ(spec.cwd, "/");
    EXPECT_FALSE(spec.tmpfs_size_bytes);  // the kernel's default for a tmpfs
    EXPECT_FALSE(spec.shm_size_bytes);
    EXPECT_TRUE(spec.report.junit_path.empty());
}

TEST(Options, TheTestsOwnFlagsAreNotIsotests) {
    const auto spec = parse_args({"--timeout", "2.5", "ls", "-l", "--net", "x"}).spec;
    EXPECT_EQ(spec.command, (std::vector<std::string>{"ls", "-l", "--net", "x"}));
    EXPECT_EQ(*spec.timeout_seconds, 2.5);
    EXPECT_EQ(spec.net, NetMode::loopback);
}

TEST(Options, ParsesEverySandboxOption) {
    const auto spec = parse_args({"--net", "none", "--fs", "readonly", "--rw", "/tmp", "--tmpfs", "/var/cache",
                                  "--tmpfs-size", "64M", "--shm-size", "2G", "--hostname", "box", "--root", "--cwd", "/usr",
                                  "--kill-after", "1", "-v", "--", "true"})
                          .spec;
    EXPECT_EQ(spec.net, NetMode::none);
    EXPECT_EQ(spec.fs, FsMode::readonly);
    EXPECT_EQ(spec.rw_paths, (std::vector<std::string>{"/tmp"}));
    EXPECT_EQ(spec.tmpfs_paths, (std::vector<std::string>{"/var/cache"}));
    EXPECT_EQ(spec.tmpfs_size_bytes, 64ull << 20);
    EXPECT_EQ(spec.shm_size_bytes, 2ull << 30);
    EXPECT_EQ(spec.hostname, "box");
    EXPECT_TRUE(spec.root);
    EXPECT_TRUE(spec.verbose);
    EXPECT_EQ(spec.cwd, "/usr");
    EXPECT_EQ(spec.kill_after_seconds, 1.0);
}

TEST(Options, EnvironmentIsComposedFromTheCallersOne) {
    auto spec = parse_args({"--unsetenv", "HOME", "--setenv", "NEW=a=b", "--", "true"}).spec;
    EXPECT_EQ(environment_value(spec.environment, "KEEP"), "1");
    EXPECT_EQ(environment_value(spec.environment, "HOME"), "");
    EXPECT_EQ(environment_value(spec.environment, "NEW"), "a=b");
    spec = parse_args({"--clear-env", "--setenv", "PATH=/bin", "--", "true"}).spec;
    EXPECT_EQ(spec.environment, (std::vector<std::string>{"PATH=/bin"}));
}

// Linear in the number of options: 20,000 of each take milliseconds (they once took seconds).
// Only the result is checked here; bench/README.md has the timings.
TEST(Options, LongEnvironmentListsComposeInOrder) {
    std::vector<std::string> caller, unset, set;
    for (int i = 0; i < 20000; ++i) {
        caller.push_back("C" + std::to_string(i) + "=c");
        if (i % 2 == 0) unset.push_back("C" + std::to_string(i));
        set.push_back("S" + std::to_string(i % 100) + "=" + std::to_string(i));  // each name 200 times
    }
    caller.push_back("NOT_AN_ASSIGNMENT");
    const auto environment = compose_environment(caller, false, unset, set);
    ASSERT_EQ(environment.size(), 10000u + 1 + 100);
    EXPECT_EQ(environment[0], "C1=c");
    EXPECT_EQ(environment[9999], "C19999=c");
    EXPECT_EQ(environment[10000], "NOT_AN_ASSIGNMENT");
    EXPECT_EQ(environment[10001], "S0=19900");  // the last value, where the last --setenv put it
    EXPECT_EQ(environment.back(), "S99=19999");
    // A later --setenv of a name moves it to the end; --clear-env keeps only the --setenv ones.
    EXPECT_EQ(compose_environment({"A=1", "B=2"}, false, {}, {"A=3", "C=4", "A=5"}),
              (std::vector<std::string>{"B=2", "C=4", "A=5"}));
    EXPECT_EQ(compose_environment({"A=1"}, true, {"A"}, {"B=2"}), (std::vector<std::string>{"B=2"}));
    EXPECT_EQ(error_of({"--unsetenv", "A=B", "--", "true"}), "--unsetenv takes a NAME without '=', not 'A=B'");
}

TEST(Options, BadInputIsOneClearError) {
    EXPECT_NE(error_of({"--bogus", "true"}).find("--bogus"), std::string::npos);
    EXPECT_NE(error_of({"--net", "wifi", "true"}).find("--net must be"), std::string::npos);
    EXPECT_NE(error_of({"--timeout", "abc", "true"}).find("timeout"), std::string::npos);
    EXPECT_NE(error_of({"--timeout", "-1", "true"}).find("positive"), std::string::npos);
    EXPECT_NE(error_of({}).find("no command"), std::string::npos);
    EXPECT_NE(error_of({"--rw", "/does/not/exist", "true"}).find("/does/not/exist"), std::string::npos);
    EXPECT_NE(error_of({"--setenv", "NOVALUE", "true"}).find("NAME=VALUE"), std::string::npos);
    EXPECT_NE(error_of({"--tmpfs-size", "lots", "true"}).find("--tmpfs-size"), std::string::npos);
    EXPECT_EQ(error_of({"--hostname", "", "true"}), "--hostname needs a value, got an empty one");
    EXPECT_EQ(error_of({"-v", "--timeout", "", "true"}), "--timeout needs a value, got an empty one");
    EXPECT_NE(error_of({"--config", "/does/not/exist.ini", "true"}).find("config file"), std::string::npos);
    for (const auto& message : {error_of({"--bogus", "true"}), error_of({"--net", "wifi", "true"})}) {
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

// <system-out> keeps up to --max-report-output bytes, and cleaning can make them four times
// longer: past 2M the report would hold a text node libxml2 refuses to read.
TEST(Options, MaxReportOutputStaysWithinWhatLibxml2Reads) {
    EXPECT_EQ(parse_args({"--max-report-output", "2M", "true"}).spec.report.max_output_bytes, 2u << 20);
    EXPECT_EQ(error_of({"--max-report-output", "2097153", "true"}),
              "--max-report-output must be a size from 0 to 2M, not '2097153'");
    EXPECT_NE(error_of({"--max-report-output", "1G", "true"}).find("to 2M"), std::string::npos);
}

TEST(Options, MissingCommandIs127AndUnrunnableIs126) {
    const auto missing = parse_args({"--junit", "/r.xml", "--", "no-such-command-xyz"});
    ASSERT_TRUE(missing.command_error);
    EXPECT_EQ(missing.command_error->exit_status(), 127);
    EXPECT_EQ(missing.spec.report.junit_path, "/r.xml");  // the report can still be written
    const auto unrunnable = parse_args({"--", "/etc/passwd"});
    ASSERT_TRUE(unrunnable.command_error);
    EXPECT_EQ(unrunnable.command_error->exit_status(), 126);
    EXPECT_FALSE(parse_args({"--", "true"}).command_error);
}

TEST(Options, ConfigFileFillsInAndCommandLineWins) {
    const auto dir = std::filesystem::temp_directory_path() / ("isotest-options-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto config = dir / "isotest.ini";
    std::ofstream(config) << "hostname = from-config\nnet = none\nrw = " << dir.string() << "\n";
    auto spec = parse_args({"--config", config.string(), "--net", "host", "true"}).spec;
    EXPECT_EQ(spec.hostname, "from-config");
    EXPECT_EQ(spec.net, NetMode::host);
    EXPECT_EQ(spec.rw_paths, (std::vector<std::string>{dir.string()}));

    HostContext context = host();
    context.environment.push_back("ISOTEST_CONFIG=" + config.string());
    EXPECT_EQ(parse_args({"true"}, context).spec.hostname, "from-config");

    std::ofstream(config) << "unknown-key = 1\n";
    EXPECT_NE(error_of({"--config", config.string(), "true"}).find("unknown-key"), std::string::npos);
    std::filesystem::remove_all(dir);
}

// A host name as RFC 1123 has it and the kernel takes (64 characters): the test's tools print
// it, parse it and put it in URLs.
TEST(Options, HostnameMustBeAHostName) {
    for (const std::string& name : std::vector<std::string>{"box", "a", "build-42.example.org", "0day",
                                                            std::string(63, 'x'),
                                                            std::string(32, 'a') + "." + std::string(31, 'b')}) {
        EXPECT_EQ(parse_args({"--hostname", name, "--", "true"}).spec.hostname, name);
    }
    const std::string prefix = "--hostname must be a host name (letters, digits, hyphens and dots, at most 64 characters): ";
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"a/b", "'a/b' holds a character other than a letter, digit, hyphen or dot"},
        {"line\nbreak", "'line\\x0abreak' holds a character other than a letter, digit, hyphen or dot"},
        {"under_score", "'under_score' holds a character other than a letter, digit, hyphen or dot"},
        {"sp ace", "'sp ace' holds a character other than a letter, digit, hyphen or dot"},
        {"-lead", "'-lead' has a label that starts or ends with a hyphen"},
        {"trail-.org", "'trail-.org' has a label that starts or ends with a hyphen"},
        {"a..b", "'a..b' has an empty label (a leading, trailing or double dot)"},
        {".a", "'.a' has an empty label (a leading, trailing or double dot)"},
        {"a.", "'a.' has an empty label (a leading, trailing or double dot)"},
        {std::string(64, 'x'), "'" + std::string(64, 'x') + "' has a label longer than 63 characters"},
        {std::string(40, 'a') + "." + std::string(24, 'b'),
         "'" + std::string(40, 'a') + "." + std::string(24, 'b') + "' is longer than 64 characters"},
    };
    for (const auto& [name, why] : refused) {
        const std::string message = error_of({"--hostname", name, "--", "true"});
        EXPECT_EQ(message, prefix + why);
        EXPECT_EQ(message.find('\n'), std::string::npos);
    }
}

TEST(Options, SizesAcceptSuffixes) {
    EXPECT_EQ(parse_size("4096", "--x"), 4096u);
    EXPECT_EQ(parse_size("64k", "--x"), 65536u);
    EXPECT_EQ(parse_size("2G", "--x"), 2ull << 30);
    EXPECT_THROW(parse_size("-1", "--x"), Error);
    EXPECT_THROW(parse_size("1T", "--x"), Error);
    EXPECT_THROW(parse_size("", "--x"), Error);
}

TEST(Options, JunitAsksTheTestForItsOwnXml) {
    const auto spec = parse_args({"--junit", "out/r.xml", "--", "true"}).spec;
    EXPECT_EQ(spec.report.junit_path, "/out/r.xml");
    EXPECT_EQ(spec.report.name, "true");
    EXPECT_FALSE(spec.report.own_xml_inside.empty());
    EXPECT_EQ(environment_value(spec.environment, "GTEST_OUTPUT"), "xml:" + spec.report.own_xml_inside);
    EXPECT_EQ(environment_value(spec.environment, "XML_OUTPUT_FILE"), spec.report.own_xml_inside);
}

TEST(Options, KeepWritesIsAnAbsoluteDirectoryAndOffByDefault) {
    EXPECT_EQ(parse_args({"--keep-writes", "kept/here", "--", "true"}).spec.keep_writes_dir, "/kept/here");
    EXPECT_EQ(parse_args({"--keep-writes=/abs", "--", "true"}).spec.keep_writes_dir, "/abs");
    EXPECT_TRUE(parse_args({"--", "true"}).spec.keep_writes_dir.empty());
}

TEST(Options, SubcommandsAndMetaOptions) {
    EXPECT_EQ(parse_args({"doctor"}).action, Action::doctor);
    EXPECT_EQ(parse_args({"merge", "-o", "x", "d"}).subcommand_args, (std::vector<std::string>{"-o", "x", "d"}));
    EXPECT_EQ(parse_args({"--help"}).action, Action::help);
    EXPECT_EQ(parse_args({"--version"}).action, Action::version);
}

TEST(Options, KeepsWhatTheTestNeedsVisible) {
    const auto spec = parse_args({"--keep", "/usr/share", "--cwd", "/etc", "--", "sh", "/usr/share/doc", "/etc/passwd",
                                  "relative", "/no/such/file"})
                          .spec;
    const auto has = [&](const std::string& path) {
        return std::find(spec.keep_paths.begin(), spec.keep_paths.end(), path) != spec.keep_paths.end();
    };
    EXPECT_TRUE(has("/etc"));            // cwd, and the directory of /etc/passwd
    EXPECT_TRUE(has("/usr/bin"));        // the executable's directory
    EXPECT_TRUE(has("/usr/share"));      // --keep
    EXPECT_TRUE(has("/usr/share/doc"));  // a directory argument
    EXPECT_FALSE(has("/no/such"));
    EXPECT_NE(error_of({"--keep", "/no/such/dir", "true"}).find("--keep"), std::string::npos);
}

// Places the sandbox makes its own: an option there could only be ignored or fail late.
TEST(Options, PathOptionsThatCannotMeanAnythingAreRefused) {
    const auto refused = [](PathOption option, const std::string& path) {
        try {
            check_path_option(option, path);
        } catch (const Error& error) {
            EXPECT_EQ(error.exit_status(), 125);
            EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << error.what();
            return std::string(error.what());
        }
        return std::string();
    };
    for (const PathOption option : {PathOption::rw, PathOption::tmpfs, PathOption::keep}) {
        for (const char* path : {"/proc", "/proc/sys/kernel", "/sys", "/sys/class/net", "/dev/pts", "/dev/pts/0",
                                 "/dev/mqueue", "/dev"}) {
            EXPECT_NE(refused(option, path), "") << path;
        }
        // /dev/shm is a tmpfs of plain files; /device, /process and /system are not below them.
        for (const char* path : {"/dev/shm", "/dev/shm/x", "/device", "/process", "/system", "/tmp", "/var/tmp"}) {
            EXPECT_EQ(refused(option, path), "") << path;
        }
    }
    EXPECT_EQ(refused(PathOption::rw, "/proc/self"),
              "--rw /proc/self: the sandbox mounts a fresh /proc of its PID namespace at /proc, over anything "
              "put there; drop the option");
    EXPECT_NE(refused(PathOption::rw, "/dev").find("--dev PATH"), std::string::npos);
    EXPECT_NE(refused(PathOption::tmpfs, "/dev").find("fresh tmpfs already"), std::string::npos);
    // A device through --rw or --keep: --dev is the way (a --rw bind is nodev).
    EXPECT_EQ(refused(PathOption::rw, "/dev/kvm"),
              "--rw /dev/kvm: host devices pass into the sandbox's /dev with --dev /dev/kvm (a --rw bind is nodev: a "
              "device on it cannot be opened)");
    EXPECT_NE(refused(PathOption::keep, "/dev/net/tun").find("--dev /dev/net/tun"), std::string::npos);
    EXPECT_EQ(refused(PathOption::tmpfs, "/dev/hugepages"), "");  // a fresh directory in the fresh /dev

    // Through the command line, after symlinks are resolved (/dev/fd is /proc/self/fd).
    expect_refused({{{"--rw", "/proc"}, "--rw /proc:"},
                    {{"--rw", "/sys/kernel"}, "--rw /sys/kernel:"},
                    {{"--tmpfs", "/dev"}, "--tmpfs /dev:"},
                    {{"--tmpfs", "/dev/pts/"}, "--tmpfs /dev/pts:"},
                    {{"--keep", "/dev/null"}, "--dev /dev/null"},
                    {{"--keep", "/dev/fd"}, "--keep /proc/"},
                    {{"--rw", "/dev/null"}, "--dev /dev/null"}});
    EXPECT_EQ(parse_args({"--rw", "/dev/shm", "--tmpfs", "/proc2", "true"}).spec.rw_paths,
              (std::vector<std::string>{"/dev/shm"}));
}

TEST(Options, DevExpandsGlobsAndTakesDevicesOrDirectoriesOfThem) {
    using Devices = std::vector<DeviceBind>;
    const auto devices = [](std::vector<std::string> args, const std::string& cwd = "/") {
        HostContext context = host();
        context.cwd = cwd;
        args.insert(args.end(), {"--", "true"});
        return parse(args, context).spec.devices;
    };
    const auto pairs = [](const Devices& list) {
        std::vector<std::string> text;
        for (const auto& device : list) text.push_back(device.host + " at " + device.inside);
        return text;
    };
    EXPECT_EQ(pairs(devices({"--dev", "/dev/nul?"})), (std::vector<std::string>{"/dev/null at /dev/null"}));
    EXPECT_EQ(pairs(devices({"--dev", "null", "--dev", "/dev/zero", "--dev", "/dev/null"}, "/dev")),
              (std::vector<std::string>{"/dev/null at /dev/null", "/dev/zero at /dev/zero"}));
    // A directory whole; what lies in it is shown by its bind.
    EXPECT_EQ(pairs(devices({"--dev", "/dev/net/tun", "--dev", "/dev/net"})),
              (std::vector<std::string>{"/dev/net at /dev/net"}));
    EXPECT_TRUE(devices({}).empty());

    EXPECT_EQ(error_of({"--dev", "/dev/isotest-none*", "true"}),
              "--dev /dev/isotest-none*: matches nothing on this host (is the driver loaded? see ls /dev)");
    expect_refused({{{"--dev", "/dev/isotest-none"}, "No such file"},
                    {{"--dev", "/dev"}, "name the devices"},
                    {{"--dev", "/dev/"}, "name the devices"},
                    {{"--dev", "/dev/shm"}, "its own /dev/shm"},
                    {{"--dev", "/dev/pts"}, "its own /dev/pts"},
                    {{"--dev", "/dev/ptmx"}, "its own /dev/ptmx"},
                    {{"--dev", "/etc/passwd"}, "not below /dev"},
                    {{"--dev", "/dev/../etc"}, "not below /dev"},
                    // /dev/fd is a symbolic link to /proc/self/fd: what it leads to counts.
                    {{"--dev", "/dev/fd"}, "/dev/fd is /proc/"}});

    // --tmpfs at, over or under a device --dev passes (or a directory --dev makes for it), or over
    // one of the fresh /dev's own entries: one line, whichever option comes first.
    expect_refused({{{"--dev", "/dev/net/tun", "--tmpfs", "/dev/net"}, "--tmpfs /dev/net would hide --dev /dev/net/tun"},
                    {{"--tmpfs", "/dev/net/tun", "--dev", "/dev/net/tun"}, "--tmpfs /dev/net/tun: --dev puts the host's"},
                    {{"--dev", "/dev/net", "--tmpfs", "/dev/net/x"}, "--tmpfs /dev/net/x: --dev puts the host's /dev/net"},
                    {{"--tmpfs", "/dev/null"}, "/dev/null is one of the sandbox's own /dev entries"},
                    {{"--tmpfs", "/dev/urandom"}, "/dev/urandom is one of the sandbox's own /dev entries"}});
    EXPECT_EQ(parse_args({"--dev", "/dev/null", "--tmpfs", "/dev/hugepages", "--tmpfs", "/dev/nullx", "true"})
                  .spec.tmpfs_paths,
              (std::vector<std::string>{"/dev/hugepages", "/dev/nullx"}));
}

TEST(Options, PlaceholderTextIsRefusedInsteadOfHangingTheParser) {
    EXPECT_NE(error_of({"--%original_token%", "true"}).find("%original_token%"), std::string::npos);
    EXPECT_NE(error_of({"--timeout", "%value%", "true"}).find("%value%"), std::string::npos);
    // The test's own arguments are passed through untouched.
    EXPECT_EQ(parse_args({"--", "echo", "%value%"}).spec.command.back(), "%value%");
    const auto dir = std::filesystem::temp_directory_path() / ("isotest-placeholder-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "c.ini") << "%original_token%=e\n";
    EXPECT_NE(error_of({"--config", (dir / "c.ini").string(), "true"}).find("config file"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(Options, ConfigFileMustBeARegularFile) {
    EXPECT_NE(error_of({"--config", "/tmp", "true"}).find("not a regular file"), std::string::npos);
}

TEST(Options, PassFdTakesOpenDescriptorsAboveTheStandardStreams) {
    const int fd = ::dup(2);  // open in this process, as a caller's would be
    ASSERT_GE(fd, 3);
    const Invocation invocation =
        parse_args({"--pass-fd", std::to_string(fd), "--pass-fd", std::to_string(fd), "--", "true"});
    EXPECT_EQ(invocation.spec.pass_fds, std::vector<int>{fd});  // named twice, passed once
    ::close(fd);
    EXPECT_NE(error_of({"--pass-fd", std::to_string(fd), "--", "true"}).find("is not open"), std::string::npos);
    EXPECT_NE(error_of({"--pass-fd", "2", "--", "true"}).find("always reach the test"), std::string::npos);
    EXPECT_NE(error_of({"--pass-fd", "3x", "--", "true"}).find("descriptor number"), std::string::npos);
    EXPECT_NE(error_of({"--pass-fd", "99999999999", "--", "true"}).find("descriptor number"), std::string::npos);
}

TEST(Options, UidGidAndGroupsNameTheUserToRunAs) {
    EXPECT_FALSE(parse_args({"--", "true"}).spec.run_as);
    const auto spec = parse_args({"--uid", "nobody", "--groups", "0", "--groups", "7", "--", "true"}).spec;
    ASSERT_TRUE(spec.run_as);
    EXPECT_EQ(spec.run_as->uid, 65534u);
    EXPECT_EQ(spec.run_as->gid, 65534u);
    EXPECT_EQ(spec.run_as->groups, (std::vector<gid_t>{0, 7}));
    EXPECT_EQ(parse_args({"--uid", "65534", "--gid", "root", "--", "true"}).spec.run_as->gid, 0u);
    EXPECT_EQ(error_of({"--root", "--uid", "nobody", "--", "true"}),
              "--root and --uid exclude each other: --root is uid 0 inside, --uid another host user");
    EXPECT_EQ(error_of({"--gid", "root", "--", "true"}), "--gid and --groups go with --uid (the host user to run the test as)");
    EXPECT_EQ(error_of({"--groups", "root", "--", "true"}), "--gid and --groups go with --uid (the host user to run the test as)");
}

TEST(Options, MapSubidsIsOptIn) {
    EXPECT_FALSE(parse_args({"--", "true"}).spec.map_subordinate_ids);
    EXPECT_TRUE(parse_args({"--map-subids", "--", "true"}).spec.map_subordinate_ids);
}

TEST(Options, AValueNamedLikeAnOptionIsAValue) {
    // Boost alone reads "--hostname fs" as --hostname without a value followed by --fs.
    EXPECT_EQ(parse_args({"--hostname", "fs", "--", "true"}).spec.hostname, "fs");
    EXPECT_EQ(parse_args({"--hostname", "verbose", "true"}).spec.hostname, "verbose");
    EXPECT_EQ(parse_args({"--uid", "nobody", "--gid", "root", "--groups", "root", "--", "true"}).spec.run_as->groups,
              std::vector<gid_t>{0});
}
