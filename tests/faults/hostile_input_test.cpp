// Issue 6, hostile input: bytes that are not UTF-8, paths with spaces, newlines, commas and
// colons, garbage config files, a mebibyte of arguments, 10,000 environment variables. Each
// is a correct run or one clear line on stderr (exit 125, or 126 when the kernel refuses the
// exec) — never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "expectations.hpp"
#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"
#include "xmllint.hpp"

namespace sectest {
using namespace testsupport;

namespace {

namespace fs = std::filesystem;

TEST(HostileInput, NonUtf8ArgumentsPassThroughByteForByte) {
    const std::string odd1 = "\xff\xfe", odd2 = "a\x80" "b\xc3(", odd3 = "esc\x1b[31m\x01nul-free";
    const RunResult r = run_isotest({"--", "printf", "%s|", odd1, odd2, odd3});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, odd1 + "|" + odd2 + "|" + odd3 + "|") << r.describe();
}

TEST(HostileInput, NonUtf8NamesStillGiveAWellFormedReport) {
    ScratchDir scratch;
    const fs::path report = scratch / "report.xml";
    const RunResult r = run_isotest({"--junit", report.string(), "--name", "bad\xff\xfename\x1b", "--classname",
                                     "c\x80\x01", "--suite", "s\xed\xa0\x80", "--", "sh", "-c",
                                     "printf 'out \\377\\033[0m\\001\\n'; printf 'err \\300\\n' >&2; exit 1"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    ASSERT_TRUE(fs::exists(report)) << r.describe();
    EXPECT_TRUE(xmllint_accepts(report)) << read_file(report);
}

TEST(HostileInput, NonUtf8HostnameIsAClearError) {
    expect_one_line_error(run_isotest({"--hostname", "h\xff\x01", "--", "true"}), "--hostname must be a host name");
    expect_one_line_error(run_isotest({"--hostname", "a\nb", "--", "true"}), "--hostname must be a host name");
}

TEST(HostileInput, PathsWithSpacesNewlinesCommasColonsAndBadUtf8) {
    ScratchDir scratch;
    const fs::path odd = scratch / "odd dir\nwith newline, comma: colon\\backslash \xff\xfe not utf-8";
    fs::create_directories(odd / "cwd");
    fs::create_directories(odd / "rw");
    const fs::path script = odd / "test script";
    write_file(script, "#!/bin/sh\npwd\necho persisted > \"$1/written\"\n");
    fs::permissions(script, fs::perms::owner_all);
    const fs::path report = odd / "report.xml";
    const RunResult r = run_isotest({"--cwd", (odd / "cwd").string(), "--rw", (odd / "rw").string(), "--junit",
                                     report.string(), "--tmpfs", (odd / "fresh, tmpfs").string(), "--",
                                     script.string(), (odd / "rw").string()});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, (odd / "cwd").string() + "\n") << r.describe();
    EXPECT_EQ(read_file_if_exists(odd / "rw" / "written"), "persisted\n") << r.describe();
    EXPECT_TRUE(fs::exists(report)) << r.describe();
}

TEST(HostileInput, GarbageConfigFilesAreOneLineErrors) {
    ScratchDir scratch;
    std::mt19937 random(6);  // fixed: the same garbage every run
    std::string binary;
    for (int i = 0; i < 4096; ++i) binary += static_cast<char>(random() % 256);
    const std::vector<std::string> garbage = {
        binary,
        "=====\n",
        "[unterminated section\n",
        "timeout = soon\n",
        "no-such-option = 1\n",
        "net = everywhere\n",
        "tmpfs-size = 1Q\n",
        "rw = /does/not/exist/anywhere\n",
        "timeout = 1\ntimeout = 2\n",
    };
    for (std::size_t i = 0; i < garbage.size(); ++i) {
        const fs::path config = scratch / ("config" + std::to_string(i));
        write_file(config, garbage[i]);
        expect_one_line_error(run_isotest({"--config", config.string(), "--", "true"}));
        RunRequest from_environment;
        from_environment.args = {"--", "true"};
        from_environment.env["ISOTEST_CONFIG"] = config.string();
        expect_one_line_error(run_isotest(from_environment));
    }
    expect_one_line_error(run_isotest({"--config", scratch.str(), "--", "true"}));  // a directory
    expect_one_line_error(run_isotest({"--config", (scratch / "missing").string(), "--", "true"}));
}

TEST(HostileInput, AMebibyteOfArguments) {
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so 1 MiB is eight of the longest.
    constexpr std::size_t kLongest = 128 * 1024 - 1;
    std::vector<std::string> args = {"--", "sh", "-c", "for a; do printf '%s ' ${#a}; done", "sh"};
    for (char c = 'a'; c < 'a' + 8; ++c) args.push_back(std::string(kLongest, c));
    const RunResult r = run_isotest(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    std::string expected;
    for (int i = 0; i < 8; ++i) expected += std::to_string(kLongest) + " ";
    EXPECT_EQ(r.out, expected) << r.describe();

    // And one 128 KiB option value, into a report.
    ScratchDir scratch;
    const RunResult named = run_isotest({"--junit", (scratch / "r.xml").string(), "--name", std::string(kLongest, 'n'), "--", "true"});
    EXPECT_EQ(named.exit_code, 0) << named.describe();
}

TEST(HostileInput, AMebibyteOfValuesFromAConfigFile) {
    ScratchDir scratch;
    constexpr std::size_t kLongest = 128 * 1024 - 1;  // MAX_ARG_STRLEN holds for NAME=VALUE too
    std::string text;
    for (int i = 0; i < 8; ++i) text += "setenv = BIG" + std::to_string(i) + "=" + std::string(kLongest - 5, 'v') + "\n";
    const fs::path config = scratch / "big.conf";
    write_file(config, text);
    const RunResult r = run_isotest({"--config", config.string(), "--", "sh", "-c", "env | grep ^BIG | wc -c"});
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, std::to_string(8 * (kLongest + 1)) + "\n") << r.describe();

    // One value longer than the kernel takes: the exec fails, and isotest says why in one line.
    write_file(config, "setenv = HUGE=" + std::string(1 << 20, 'v') + "\n");
    const RunResult huge = run_isotest({"--config", config.string(), "--", "true"});
    EXPECT_EQ(huge.exit_code, 126) << huge.describe();
    EXPECT_EQ(lines_of(huge.err).size(), 1u) << huge.describe();
    EXPECT_TRUE(contains(huge.err, "Argument list too long")) << huge.describe();
}

TEST(HostileInput, TenThousandEnvironmentVariables) {
    RunRequest request;
    for (int i = 0; i < 10000; ++i) request.env["ISOTEST_HOSTILE_" + std::to_string(i)] = std::to_string(i);
    request.args = {"--", "sh", "-c", "env | grep -c '^ISOTEST_HOSTILE_'"};
    const RunResult r = run_isotest(request);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "10000\n") << r.describe();
}

}  // namespace
}  // namespace sectest
