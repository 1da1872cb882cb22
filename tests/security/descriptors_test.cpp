// Issue 12, item 2: what of the caller's open descriptors reaches the test. Only stdin, stdout
// and stderr, each no more than its open mode; --pass-fd hands one over on purpose. Each
// descriptor is opened by a shell around isotest (the wrapper), as a caller's would be.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <string>
#include <vector>

#include "isotest_run.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace sectest {
using namespace testsupport;

namespace {

// Every mode a run can be in: none may let an inherited descriptor through.
const std::vector<std::vector<std::string>> kModes = {
    {}, {"--fs", "readonly", "--net", "none"}, {"--root"}, {"--net", "host"}};

// isotest OPTIONS -- sh -c SCRIPT, started by `sh -c REDIRECTIONS; exec isotest ...`.
RunResult run_with_redirections(const std::string& redirections, std::vector<std::string> options,
                                const std::string& script) {
    RunRequest request;
    request.wrapper = {"sh", "-c", redirections + "; exec \"$@\"", "sh"};
    options.insert(options.end(), {"--", "sh", "-c", script});
    request.args = std::move(options);
    return run_isotest(request);
}

TEST(InheritedDescriptors, AFileOpenForAppendDoesNotReachTheTest) {
    ScratchDir dir;
    const std::string log = (dir / "host.log").string();
    for (const auto& mode : kModes) {
        write_file(log, "");
        const RunResult r = run_with_redirections("exec 5>>" + sh_quote(log), mode,
                                                  "echo escaped >&5 && echo wrote || echo refused");
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "refused\n") << r.describe();
        EXPECT_EQ(read_file(log), "") << r.describe();
    }
}

TEST(InheritedDescriptors, ADirectoryDoesNotLeadIntoTheHostTree) {
    ScratchDir dir;
    for (const auto& mode : kModes) {
        const RunResult r = run_with_redirections(
            "exec 6<" + sh_quote(dir.str()), mode,
            "for d in /proc/self/fd/*; do [ -d \"$d\" ] && echo \"$d\" > \"$d/escaped\"; done; "
            "ls /proc/self/fd; exit 0");
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_FALSE(std::filesystem::exists(dir / "escaped")) << r.describe();
        // 0 1 2 and ls's own listing: nothing else.
        EXPECT_EQ(r.out, "0\n1\n2\n3\n") << r.describe();
    }
}

TEST(InheritedDescriptors, ASocketToAHostServiceDoesNotReachTheTest) {
    // The other end stays here, as a host service's would; the test would write into it.
    int ends[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0) << std::strerror(errno);  // inherited: no CLOEXEC
    const std::string fd = std::to_string(ends[1]);
    for (const auto& mode : kModes) {
        std::vector<std::string> args = mode;
        args.insert(args.end(), {"--", "sh", "-c", "(echo hello >&" + fd + ") 2>/dev/null && echo sent || echo refused"});
        const RunResult r = run_isotest(args);
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "refused\n") << r.describe();
        char byte;
        EXPECT_EQ(::recv(ends[0], &byte, 1, MSG_DONTWAIT), -1) << "the host end received data from the test";
    }
    ::close(ends[0]);
    ::close(ends[1]);
}

TEST(InheritedDescriptors, PassFdHandsOneOverOnPurpose) {
    ScratchDir dir;
    const std::string log = (dir / "jobserver.log").string();
    write_file(log, "");
    const RunResult r = run_with_redirections("exec 5>>" + sh_quote(log) + " 6>>" + sh_quote(log),
                                              {"--pass-fd", "5"}, "echo passed >&5; echo leaked >&6; exit 0");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(read_file(log), "passed\n") << r.describe();
}

TEST(InheritedDescriptors, PassFdRefusesWhatItCannotPass) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"9", "is not open"}, {"1", "always reach the test"}, {"x", "descriptor number"}, {"-3", "descriptor number"}};
    for (const auto& [value, why] : cases) {
        const RunResult r = run_isotest({"--pass-fd", value, "--", "true"});
        EXPECT_EQ(r.exit_code, 125) << r.describe();
        EXPECT_TRUE(contains(r.err, why)) << r.describe();
        EXPECT_EQ(lines_of(r.err).size(), 1u) << r.describe();
    }
}

TEST(StandardStreams, AReadOnlyStdinFileCannotBeWrittenThroughAnyPath) {
    ScratchDir dir;
    const std::string input = (dir / "input.txt").string();
    std::string content = "line one\n";
    for (int i = 0; i < 5000; ++i) content += "binary \x01\xff\x7f " + std::to_string(i) + "\n";
    for (const auto& mode : kModes) {
        write_file(input, content);
        const RunResult r = run_with_redirections(
            "exec <" + sh_quote(input), mode,
            "cat > /dev/null; sum=$(cat /proc/self/fd/0 | wc -c); "
            "(echo overwritten > /proc/self/fd/0) 2>/dev/null; (echo appended >> /proc/self/fd/0) 2>/dev/null; "
            "(: > \"$(readlink /proc/self/fd/0)\") 2>/dev/null; exit 0");
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_EQ(read_file(input), content) << r.describe();
    }
}

TEST(StandardStreams, AStdinFileIsPassedThroughByteForByte) {
    ScratchDir dir;
    const std::string input = (dir / "input.bin").string();
    std::string content;
    for (int i = 0; i < 300000; ++i) content += static_cast<char>((i * 7) % 256);
    write_file(input, content);
    const RunResult r = run_with_redirections("exec <" + sh_quote(input), {}, "cat");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(r.out == content) << "stdout differs from the stdin file: " << r.out.size() << " of "
                                  << content.size() << " bytes";
}

TEST(StandardStreams, TheCallersStdinOffsetEndsWhereTheTestStoppedReading) {
    // `(isotest -- read-one-line; cat) < file`: the rest of the file is the next reader's.
    ScratchDir dir;
    const std::string input = (dir / "lines.txt").string();
    write_file(input, "first\nsecond\nthird\n");
    RunRequest request;
    request.wrapper = {"sh", "-c", "exec < \"$0\"; \"$@\"; echo after:; cat", input};
    request.args = {"--", "head", "-c", "6"};
    const RunResult r = run_isotest(request);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "first\nafter:\nsecond\nthird\n") << r.describe();
}

TEST(StandardStreams, AStdoutFileGetsTheOutputAndNothingMore) {
    ScratchDir dir;
    const std::string output = (dir / "out.log").string();
    for (const auto& mode : kModes) {
        write_file(output, "kept\n");
        const RunResult r = run_with_redirections(
            "exec >>" + sh_quote(output), mode,
            "echo one; (cat /proc/self/fd/1 > /proc/self/fd/2) 2>/dev/null; (: > /proc/self/fd/1) 2>/dev/null; "
            "(echo injected 1<> /proc/self/fd/1) 2>/dev/null; echo two; exit 0");
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        // Reopened through /proc, the test's stdout is still only its stdout (a pipe isotest
        // copies into the file): "injected" is output; the file was neither read nor truncated.
        EXPECT_EQ(read_file(output), "kept\none\ninjected\ntwo\n") << r.describe();
        EXPECT_FALSE(contains(r.err, "kept")) << "the test read the stdout file back: " << r.describe();
    }
}

TEST(StandardStreams, ADirectoryAsStdinIsNoWayOut) {
    ScratchDir dir;
    for (const auto& mode : kModes) {
        const RunResult r = run_with_redirections(
            "exec <" + sh_quote(dir.str()), mode,
            "(echo x > /proc/self/fd/0/escaped) 2>/dev/null; (echo x > /proc/self/fd/0/../escaped) 2>/dev/null; "
            "ls -l /proc/self/fd/0 | sed 's/.*-> //'");
        ASSERT_EQ(r.exit_code, 0) << r.describe();
        EXPECT_FALSE(std::filesystem::exists(dir / "escaped")) << r.describe();
        EXPECT_EQ(r.out, "/dev/null\n") << r.describe();
    }
}

TEST(StandardStreams, ClosedStreamsStayClosed) {
    const RunResult r = run_with_redirections(
        "exec 0<&-", {}, "if (exec 3<&0) 2>/dev/null; then echo stdin open; else echo stdin closed; fi");
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "stdin closed\n") << r.describe();
}

}  // namespace
}  // namespace sectest
