// The outcome assembly: records and what the supervisor saw turned into an Outcome. No
// namespaces: the records are made here, as init and the network responder would send them.
#include "sandbox/outcome_assembly.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "isotest/exit_codes.hpp"

namespace {

using isotest::OutcomeKind;
using isotest::outcome_assembly::Assembly;
using isotest::outcome_assembly::InitExit;
namespace channel = isotest::channel;
namespace packets = isotest::packets;

constexpr double kStart = 100.0;

channel::Record attempt(std::size_t index, const char* destination, std::size_t count) {
    return channel::NetworkAttempt{index, {packets::Protocol::tcp, destination, 80, ""}, 0.25, count};
}

void take(Assembly& assembly, channel::Record record, double at = kStart + 1) {
    ASSERT_TRUE(assembly.take(std::move(record), at));
}

InitExit init_exit(int status, double at) {
    InitExit exit;
    exit.status = status;
    exit.usage.ru_utime.tv_sec = 7;
    exit.at_seconds = at;
    return exit;
}

TEST(OutcomeAssembly, TheTestsStatusUsageAndWallTimeComeFromTheRecords) {
    Assembly assembly(kStart, false);
    take(assembly, channel::Step{"mount", 2.5});
    take(assembly, channel::Usage{1.5, 0.5, 4096});
    EXPECT_FALSE(assembly.command_finished());
    take(assembly, channel::CommandStatus{3 << 8}, kStart + 2);
    EXPECT_TRUE(assembly.command_finished());
    assembly.init_exited(init_exit(0, kStart + 3));  // its usage and time do not replace the records'
    const auto outcome = assembly.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::exited);
    EXPECT_EQ(outcome.exit_code, 3);
    EXPECT_DOUBLE_EQ(outcome.wall_seconds, 2.0);
    EXPECT_DOUBLE_EQ(outcome.user_seconds, 1.5);
    EXPECT_EQ(outcome.peak_rss_kib, 4096);
    ASSERT_EQ(outcome.setup_steps.size(), 1u);
    EXPECT_DOUBLE_EQ(outcome.setup_seconds, 0.0025);
}

TEST(OutcomeAssembly, InitDyingWithoutAStatusIsIsotestsFailureWithInitsUsage) {
    Assembly assembly(kStart, false);
    assembly.init_exited(init_exit(SIGSEGV, kStart + 4));
    const auto outcome = assembly.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::setup_failed);
    EXPECT_EQ(outcome.exit_code, isotest::exit_code::isotest_failure);
    EXPECT_EQ(outcome.message, "the sandbox's init process died unexpectedly (SIGSEGV)");
    EXPECT_DOUBLE_EQ(outcome.wall_seconds, 4.0);
    EXPECT_DOUBLE_EQ(outcome.user_seconds, 7.0);
}

TEST(OutcomeAssembly, AForwardedSignalLeftUnansweredIsWhatTheSandboxDiedOf) {
    Assembly assembly(kStart, false);
    assembly.signal_forwarded(SIGTERM);
    assembly.init_exited(init_exit(SIGKILL, kStart + 1));
    const auto outcome = assembly.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::signaled);
    EXPECT_EQ(outcome.signal, SIGKILL);
    EXPECT_EQ(outcome.terminating_signal, SIGTERM);
}

TEST(OutcomeAssembly, ATimeoutNamesWhatTheTestDiedOf) {
    Assembly assembly(kStart, false);
    assembly.timed_out();
    take(assembly, channel::CommandStatus{SIGTERM});
    const auto outcome = assembly.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::timed_out);
    EXPECT_EQ(outcome.signal, SIGTERM);
}

TEST(OutcomeAssembly, AnErrorRecordOrAFailedLaunchIsASetupFailure) {
    Assembly from_init(kStart, false);
    take(from_init, channel::Error{127, "not found"});
    take(from_init, channel::CommandStatus{0});
    auto outcome = from_init.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::setup_failed);
    EXPECT_EQ(outcome.exit_code, 127);
    EXPECT_EQ(outcome.message, "not found");

    Assembly launch(kStart, false);
    launch.launch_failed(isotest::Error("clone: refused"));
    launch.init_exited(init_exit(SIGKILL, kStart + 0.5));
    outcome = launch.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::setup_failed);
    EXPECT_EQ(outcome.exit_code, isotest::exit_code::isotest_failure);
    EXPECT_EQ(outcome.message, "clone: refused");
    EXPECT_DOUBLE_EQ(outcome.wall_seconds, 0.5);
}

// Bytes that are no record end the belief in that channel: the run is isotest's failure,
// whatever came before.
TEST(OutcomeAssembly, AGarbledRecordMakesTheRunIsotestsFailure) {
    Assembly assembly(kStart, false);
    take(assembly, channel::CommandStatus{0});
    EXPECT_FALSE(assembly.take(channel::Garbled{"no record"}, kStart + 1));
    const auto outcome = assembly.conclude();
    EXPECT_EQ(outcome.kind, OutcomeKind::setup_failed);
    EXPECT_EQ(outcome.exit_code, isotest::exit_code::isotest_failure);
    EXPECT_NE(outcome.message.find("no record"), std::string::npos);
}

// The responder's records are keyed by their place in its log: a known place is a later count
// (never lowered), the next place a new attempt, anything else is not listed.
TEST(OutcomeAssembly, NetworkAttemptsAreKeyedByTheResponderLogsPlace) {
    Assembly assembly(kStart, false);
    take(assembly, attempt(0, "192.0.2.1", 1));
    take(assembly, attempt(1, "192.0.2.2", 1));
    take(assembly, attempt(0, "192.0.2.1", 5));  // seen again: the end-of-run count
    take(assembly, attempt(1, "192.0.2.2", 1));
    take(assembly, attempt(0, "192.0.2.1", 2));  // a lower count does not undo the higher one
    take(assembly, attempt(3, "192.0.2.4", 1));  // out of order: not listed
    take(assembly, attempt(2, "192.0.2.1", 1));  // same description, another place: its own entry
    take(assembly, channel::NetworkUnlisted{4});
    const auto outcome = assembly.conclude();
    ASSERT_EQ(outcome.network_attempts.size(), 3u);
    EXPECT_EQ(outcome.network_attempts[0].description, "tcp 192.0.2.1:80");
    EXPECT_EQ(outcome.network_attempts[0].count, 5u);
    EXPECT_EQ(outcome.network_attempts[1].description, "tcp 192.0.2.2:80");
    EXPECT_EQ(outcome.network_attempts[1].count, 1u);
    EXPECT_EQ(outcome.network_attempts[2].count, 1u);
    EXPECT_DOUBLE_EQ(outcome.network_attempts[0].first_seconds, 0.25);
    EXPECT_EQ(outcome.network_attempts_unlisted, 4u);
}

// A name is the test's text: control bytes never reach -v or the report.
TEST(OutcomeAssembly, ControlBytesInAnAttemptAreReplaced) {
    Assembly assembly(kStart, false);
    take(assembly, channel::NetworkAttempt{0, {packets::Protocol::dns, "169.254.0.53", 53, "a\x1b[2Jb\x7f"}, 0, 1});
    const auto outcome = assembly.conclude();
    ASSERT_EQ(outcome.network_attempts.size(), 1u);
    EXPECT_EQ(outcome.network_attempts[0].description.find('\x1b'), std::string::npos);
    EXPECT_EQ(outcome.network_attempts[0].description.find('\x7f'), std::string::npos);
}

}  // namespace
