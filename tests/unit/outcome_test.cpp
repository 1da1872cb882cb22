#include "isotest/outcome.hpp"

#include <gtest/gtest.h>

using namespace isotest;

TEST(ExitStatus, PassesTheTestsOwnStatusThrough) {
    Outcome outcome;
    outcome.kind = OutcomeKind::exited;
    outcome.exit_code = 3;
    EXPECT_EQ(exit_status(outcome), 3);
    outcome.exit_code = 0;
    EXPECT_EQ(exit_status(outcome), 0);
}

TEST(ExitStatus, SignalIs128PlusN) {
    Outcome outcome;
    outcome.kind = OutcomeKind::signaled;
    outcome.signal = 11;
    EXPECT_EQ(exit_status(outcome), 139);
}

TEST(ExitStatus, TimeoutIs124) {
    Outcome outcome;
    outcome.kind = OutcomeKind::timed_out;
    outcome.signal = 9;
    EXPECT_EQ(exit_status(outcome), 124);
}

TEST(ExitStatus, SetupFailureKeepsItsCodeOrDefaultsTo125) {
    Outcome outcome;
    outcome.kind = OutcomeKind::setup_failed;
    EXPECT_EQ(exit_status(outcome), 125);
    outcome.exit_code = 127;
    EXPECT_EQ(exit_status(outcome), 127);
}

TEST(SignalName, NamesKnownSignalsAndNumbersUnknownOnes) {
    EXPECT_EQ(signal_name(11), "SIGSEGV");
    EXPECT_EQ(signal_name(15), "SIGTERM");
    EXPECT_EQ(signal_name(200), "signal 200");
}
