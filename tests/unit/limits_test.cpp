// --memory, --max-procs, --max-files: parsing (command line and config file) and the rlimits
// they become, applied for real in a forked child.
#include "sandbox/limits.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "cli/options.hpp"
#include "isotest/error.hpp"

using namespace isotest;

namespace {

cli::HostContext host() {
    cli::HostContext context;
    context.environment = {"PATH=/usr/bin:/bin"};
    context.cwd = "/";
    return context;
}

SandboxSpec spec_of(const std::vector<std::string>& args) { return cli::parse(args, host()).spec; }

std::string error_of(const std::vector<std::string>& args) {
    try {
        cli::parse(args, host());
    } catch (const Error& error) {
        EXPECT_EQ(error.exit_status(), 125) << error.what();
        return error.what();
    }
    ADD_FAILURE() << "no error";
    return "";
}

// Runs BODY in a forked child, so lowering our own limits cannot affect the test runner.
// Returns the child's exit status (BODY's return value), or -1 if it crashed.
template <typename Body>
int in_child(Body body) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(body());
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(Limits, NoneByDefault) {
    const SandboxSpec spec = spec_of({"--", "true"});
    EXPECT_FALSE(spec.memory_bytes);
    EXPECT_FALSE(spec.max_procs);
    EXPECT_FALSE(spec.max_files);
    EXPECT_TRUE(limits::requested(spec).empty());
}

TEST(Limits, OptionsBecomeTheSpecsValues) {
    const SandboxSpec spec = spec_of({"--memory", "64M", "--max-procs", "50", "--max-files", "128", "--", "true"});
    EXPECT_EQ(spec.memory_bytes, 64ull << 20);
    EXPECT_EQ(spec.max_procs, 50u);
    EXPECT_EQ(spec.max_files, 128u);
}

TEST(Limits, ComeFromAConfigFileToo) {
    char path[] = "/tmp/isotest-limits-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::close(fd);
    std::ofstream(path) << "memory = 1G\nmax-procs = 7\nmax-files = 99\n";
    const SandboxSpec spec = spec_of({"--config", path, "--max-files", "12", "--", "true"});
    ::unlink(path);
    EXPECT_EQ(spec.memory_bytes, 1ull << 30);
    EXPECT_EQ(spec.max_procs, 7u);
    EXPECT_EQ(spec.max_files, 12u);  // the command line wins
}

TEST(Limits, BadValuesAreOneLineErrors) {
    EXPECT_NE(error_of({"--memory", "lots", "--", "true"}).find("--memory takes a size"), std::string::npos);
    EXPECT_NE(error_of({"--memory", "-5M", "--", "true"}).find("--memory"), std::string::npos);
    EXPECT_NE(error_of({"--max-procs", "-1", "--", "true"}).find("--max-procs takes a whole number"),
              std::string::npos);
    EXPECT_NE(error_of({"--max-procs", "10K", "--", "true"}).find("--max-procs takes a whole number"),
              std::string::npos);
    EXPECT_NE(error_of({"--max-files", "ten", "--", "true"}).find("--max-files takes a whole number"),
              std::string::npos);
    for (const auto& message : {error_of({"--max-files", "1.5", "--", "true"}), error_of({"--memory", "1T", "--", "true"})}) {
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

// 0 is "no limit" to the kernel in places (a tmpfs size), 2^64-1 is RLIM_INFINITY, a size near
// 2^64 wraps round when the kernel rounds it up to pages, pids.max refuses more than 4194304:
// each option names its range instead.
TEST(Limits, ValuesThatWouldMeanSomethingElseAreRefusedWithTheRange) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--tmpfs-size", "0"}, "--tmpfs-size must be a size from 1M to 1048576G, not '0' (leave it out for the default)"},
        {{"--tmpfs-size", "0K"}, "--tmpfs-size must be a size from 1M to 1048576G, not '0K' (leave it out for the default)"},
        {{"--tmpfs-size", "18446744073709551615"}, "--tmpfs-size must be a size from 1M to 1048576G, not '18446744073709551615'"},
        {{"--tmpfs-size", "17179869184G"}, "--tmpfs-size must be a size from 1M to 1048576G, not '17179869184G'"},
        {{"--tmpfs-size", "99999999999999999999999"}, "--tmpfs-size must be a size from 1M to 1048576G, not '99999999999999999999999'"},
        {{"--tmpfs-size", "4096"}, "--tmpfs-size must be a size from 1M to 1048576G, not '4096'"},
        {{"--shm-size", "0"}, "--shm-size must be a size from 1M to 1048576G, not '0' (leave it out for the default)"},
        {{"--shm-size", "unlimited"}, "--shm-size takes a size like 4096, 64K, 512M or 1G, not 'unlimited'"},
        {{"--shm-size", "18446744073709551615"}, "--shm-size must be a size from 1M to 1048576G, not '18446744073709551615'"},
        {{"--shm-size", "99999999999999999999999"}, "--shm-size must be a size from 1M to 1048576G, not '99999999999999999999999'"},
        {{"--shm-size", "4096"}, "--shm-size must be a size from 1M to 1048576G, not '4096'"},
        {{"--tmpfs-size", "unlimited"}, "--tmpfs-size takes a size like 4096, 64K, 512M or 1G, not 'unlimited'"},
        {{"--memory", "0"}, "--memory must be a size from 1M to 1048576G, not '0' (leave it out for the default)"},
        {{"--memory", "18446744073709551615"}, "--memory must be a size from 1M to 1048576G, not '18446744073709551615'"},
        {{"--max-procs", "0"}, "--max-procs must be a whole number from 1 to 4194304, not '0' (leave it out for the default)"},
        {{"--max-procs", "4194305"}, "--max-procs must be a whole number from 1 to 4194304, not '4194305'"},
        {{"--max-procs", "18446744073709551615"}, "--max-procs must be a whole number from 1 to 4194304, not '18446744073709551615'"},
        {{"--max-files", "0"}, "--max-files must be a whole number from 1 to 2147483584, not '0' (leave it out for the default)"},
        {{"--max-files", "99999999999999999999999"}, "--max-files must be a whole number from 1 to 2147483584, not '99999999999999999999999'"},
        {{"--max-report-output", "2G"}, "--max-report-output must be a size from 0 to 2M, not '2G'"},
    };
    for (const auto& [option, message] : cases) {
        std::vector<std::string> args = option;
        args.insert(args.end(), {"--", "true"});
        EXPECT_EQ(error_of(args), message);
    }
}

TEST(Limits, TheEndsOfEachRangeAreAccepted) {
    const SandboxSpec least = spec_of({"--tmpfs-size", "1M", "--shm-size", "1M", "--memory", "1024K", "--max-procs", "1", "--max-files", "1",
                                       "--max-report-output", "0", "--", "true"});
    EXPECT_EQ(least.tmpfs_size_bytes, 1u << 20);
    EXPECT_EQ(least.shm_size_bytes, 1u << 20);
    EXPECT_EQ(least.memory_bytes, 1u << 20);
    EXPECT_EQ(least.max_procs, 1u);
    EXPECT_EQ(least.max_files, 1u);
    EXPECT_EQ(least.report.max_output_bytes, 0u);
    const SandboxSpec most = spec_of({"--tmpfs-size", "1048576G", "--shm-size", "1048576G", "--memory", "1048576G", "--max-procs", "4194304",
                                      "--max-files", "2147483584", "--max-report-output", "2M", "--", "true"});
    EXPECT_EQ(most.tmpfs_size_bytes, 1ull << 50);
    EXPECT_EQ(most.shm_size_bytes, 1ull << 50);
    EXPECT_EQ(most.memory_bytes, 1ull << 50);
    EXPECT_EQ(most.max_procs, 4194304u);
    EXPECT_EQ(most.max_files, 2147483584u);
    EXPECT_EQ(most.report.max_output_bytes, 2u << 20);
}

TEST(Limits, RequestedMapsEachOptionToItsRlimit) {
    SandboxSpec spec;
    spec.memory_bytes = 1u << 30;
    spec.max_procs = 20;
    spec.max_files = 64;
    const auto limits = limits::requested(spec);
    ASSERT_EQ(limits.size(), 3u);
    EXPECT_EQ(limits[0].resource, RLIMIT_AS);
    EXPECT_EQ(limits[0].value, 1u << 30);
    EXPECT_EQ(limits[1].resource, RLIMIT_NPROC);
    EXPECT_EQ(limits[1].asked, 20u);
    EXPECT_EQ(limits[1].value, 21u);  // isotest's init is one of the processes
    EXPECT_EQ(limits[2].resource, RLIMIT_NOFILE);
    EXPECT_EQ(limits[2].value, 64u);
    // A pids cgroup holds --max-procs: no RLIMIT_NPROC beside it.
    const auto with_cgroup = limits::requested(spec, /*processes_in_cgroup=*/true);
    ASSERT_EQ(with_cgroup.size(), 2u);
    EXPECT_EQ(with_cgroup[0].resource, RLIMIT_AS);
    EXPECT_EQ(with_cgroup[1].resource, RLIMIT_NOFILE);
}

TEST(Limits, ApplySetsSoftAndHardLimits) {
    SandboxSpec spec;
    spec.max_files = 40;
    spec.memory_bytes = 3ull << 30;
    const int status = in_child([&] {
        limits::apply(limits::requested(spec));
        rlimit files{}, memory{};
        ::getrlimit(RLIMIT_NOFILE, &files);
        ::getrlimit(RLIMIT_AS, &memory);
        return files.rlim_cur == 40 && files.rlim_max == 40 && memory.rlim_cur == (3ull << 30) &&
                       memory.rlim_max == (3ull << 30)
                   ? 0
                   : 1;
    });
    EXPECT_EQ(status, 0);
}

TEST(Limits, AnImpossibleLimitIsAnErrorNamingTheOption) {
    // Above the kernel's nr_open ceiling setrlimit refuses everyone, root included.
    SandboxSpec spec;
    spec.max_files = 1ull << 40;
    const int status = in_child([&] {
        try {
            limits::apply(limits::requested(spec));
        } catch (const Error& error) {
            const std::string text = error.what();
            const bool named = text.rfind("--max-files 1099511627776: setrlimit RLIMIT_NOFILE: ", 0) == 0;
            return named && text.find('\n') == std::string::npos ? 0 : 3;
        }
        return 4;
    });
    EXPECT_EQ(status, 0);
}

TEST(Limits, AboveTheHardLimitTheMessageSaysSo) {
    // Root may raise its hard limit, so the child becomes nobody first when we are root.
    const int status = in_child([] {
        const rlimit low{32, 32};
        if (::setrlimit(RLIMIT_NOFILE, &low) != 0) return 2;
        if (::geteuid() == 0 && ::setuid(65534) != 0) return 2;  // drop the right to raise it
        SandboxSpec spec;
        spec.max_files = 64;
        try {
            limits::apply(limits::requested(spec));
        } catch (const Error& error) {
            const std::string text = error.what();
            return text.find("(the hard limit here is 32;") != std::string::npos ? 0 : 3;
        }
        return 4;
    });
    EXPECT_EQ(status, 0);
}
