// The benchmark harness's pure logic: parsing isotest -v, order statistics, option values,
// quoting, and the target verdicts. Nothing here launches a process or looks at a clock.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include "command.hpp"
#include "config.hpp"
#include "cpu_time.hpp"
#include "launchers.hpp"
#include "results.hpp"
#include "stats.hpp"
#include "step_timings.hpp"
#include "targets.hpp"

namespace bench {
namespace {

TEST(StepTimings, ParsesStepLinesInPrintedOrderAndIgnoresOtherLines) {
    auto steps = parse_step_timings_ms(
        "isotest:    0.750 ms  clone\n"
        "some output of the test\n"
        "isotest: error: not a step line\n"
        "isotest:   12.5 ms  mount: host view (overlay)\n"
        "isotest:    4.614 ms  teardown (test's status reported -> sandbox gone)\n");
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[0].first, "clone");
    EXPECT_DOUBLE_EQ(steps[0].second, 0.75);
    EXPECT_EQ(steps[1].first, "mount: host view (overlay)");
    EXPECT_DOUBLE_EQ(steps[1].second, 12.5);
    EXPECT_EQ(steps[2].first, "teardown (test's status reported -> sandbox gone)");
}

TEST(StepTimings, SumsAStepPrintedTwiceInOneRun) {
    auto steps = parse_step_timings_ms("isotest: 1.0 ms  mount\nisotest: 2.5 ms  net\nisotest: 0.5 ms  mount\n");
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].first, "mount");
    EXPECT_DOUBLE_EQ(steps[0].second, 1.5);
}

TEST(StepTimings, NothingParsedFromEmptyOrForeignText) {
    EXPECT_TRUE(parse_step_timings_ms("").empty());
    EXPECT_TRUE(parse_step_timings_ms("bwrap: 1.0 ms clone\n").empty());
}

TEST(Stats, MedianOfOddAndEvenSamples) {
    Summary odd = summarize({5, 1, 3});
    EXPECT_DOUBLE_EQ(odd.median, 3);
    EXPECT_DOUBLE_EQ(odd.min, 1);
    EXPECT_DOUBLE_EQ(odd.max, 5);
    EXPECT_EQ(odd.count, 3u);
    EXPECT_DOUBLE_EQ(summarize({4, 1, 3, 2}).median, 2.5);
    EXPECT_THROW(summarize({}), std::invalid_argument);
}

TEST(Stats, PairwiseRatiosDivideRoundByRound) {
    auto ratios = pairwise_ratios({2, 9, 4}, {1, 3, 8});
    ASSERT_EQ(ratios.size(), 3u);
    EXPECT_DOUBLE_EQ(ratios[0], 2);
    EXPECT_DOUBLE_EQ(ratios[1], 3);
    EXPECT_DOUBLE_EQ(ratios[2], 0.5);
    EXPECT_THROW(pairwise_ratios({1, 2}, {1}), std::invalid_argument);
}

TEST(CpuTime, BusyIsUserNiceSystemIrqSoftirqOfTheAggregateLine) {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const std::string stat =
        "cpu  1000 20 300 90000 400 5 75 600 50 0\n"
        "cpu0 500 10 150 45000 200 2 37 300 25 0\n";
    EXPECT_DOUBLE_EQ(busy_seconds_from_proc_stat(stat, 100), 14.0);  // (1000+20+300+5+75) / 100
    EXPECT_DOUBLE_EQ(busy_seconds_from_proc_stat("cpu 1 2 3 4 5 6 7\n", 1), 19.0);
}

TEST(CpuTime, RefusesATextWithoutTheAggregateLine) {
    EXPECT_THROW(busy_seconds_from_proc_stat("", 100), std::runtime_error);
    EXPECT_THROW(busy_seconds_from_proc_stat("cpu0 1 2 3 4 5 6 7\n", 100), std::runtime_error);
    EXPECT_THROW(busy_seconds_from_proc_stat("cpu 1 2 3\n", 100), std::runtime_error);
    EXPECT_THROW(busy_seconds_from_proc_stat("cpu 1 2 3 4 5 6 7\n", 0), std::runtime_error);
}

TEST(ByteSize, AcceptsPlainNumbersAndBinarySuffixes) {
    EXPECT_EQ(parse_byte_size("4096"), 4096u);
    EXPECT_EQ(parse_byte_size("16K"), 16u << 10);
    EXPECT_EQ(parse_byte_size("16M"), 16u << 20);
    EXPECT_EQ(parse_byte_size("1G"), 1ull << 30);
    EXPECT_THROW(parse_byte_size("12Q"), UsageError);
    EXPECT_THROW(parse_byte_size("lots"), UsageError);
}

TEST(Command, ShellQuotingRoundTripsOddWords) {
    EXPECT_EQ(shell_quoted({"/bin/date", "+%s%N"}), "/bin/date +%s%N");
    EXPECT_EQ(shell_quoted({"echo", "a b", "it's", ""}), "echo 'a b' 'it'\\''s' ''");
}

TEST(Command, DescribesWaitStatuses) {
    EXPECT_EQ(describe_wait_status(0), "exit 0");
    EXPECT_TRUE(succeeded(0));
    EXPECT_EQ(describe_wait_status(3 << 8), "exit 3");
    EXPECT_FALSE(succeeded(3 << 8));
    EXPECT_EQ(describe_wait_status(9), "signal 9");
    EXPECT_FALSE(succeeded(9));
}

// --baseline adds its two rows after isotest's, in the order LatencyRow names them, running the
// baseline binary with the same payload.
TEST(Launchers, ABaselineAddsItsRowsInTheOrderTheReportReadsThem) {
    Tools tools{"/opt/new/isotest", "/usr/bin/bwrap", "/usr/bin/unshare", "/bin/true", std::nullopt};
    EXPECT_EQ(latency_launchers(tools, "/var/tmp/r.xml").size(), std::size_t{latency_baseline});
    tools.baseline = "/opt/old/isotest";
    const std::vector<Command> rows = latency_launchers(tools, "/var/tmp/r.xml");
    ASSERT_EQ(rows.size(), std::size_t{latency_baseline_junit} + 1);
    EXPECT_EQ(rows[latency_isotest].argv, (std::vector<std::string>{"/opt/new/isotest", "--", "/bin/true"}));
    EXPECT_EQ(rows[latency_isotest_junit_unrecorded].label, "isotest --junit --record-network off");
    EXPECT_EQ(rows[latency_isotest_junit_unrecorded].argv,
              (std::vector<std::string>{"/opt/new/isotest", "--junit", "/var/tmp/r.xml", "--record-network", "off", "--",
                                        "/bin/true"}));
    EXPECT_EQ(rows[latency_baseline].label, "baseline");
    EXPECT_EQ(rows[latency_baseline].argv, (std::vector<std::string>{"/opt/old/isotest", "--", "/bin/true"}));
    EXPECT_EQ(rows[latency_baseline_junit].label, "baseline --junit");
    EXPECT_EQ(rows[latency_baseline_junit].argv,
              (std::vector<std::string>{"/opt/old/isotest", "--junit", "/var/tmp/r.xml", "--", "/bin/true"}));
}

// A run whose figures sit on chosen sides of every target.
Results synthetic_results(double junit_seconds, double throughput_factor, long junit_rss_kib, double junit_rate) {
    Results results;
    results.latency.commands.resize(5);
    results.latency.seconds = {{0.002, 0.002}, {0.010, 0.010}, {0.016, 0.016}, {0.011, 0.011},
                               {junit_seconds, junit_seconds}};
    results.throughput.levels = {1, 32};
    results.throughput.labels = {"isotest", "bwrap"};
    results.throughput.launches_per_second = {{{100 * throughput_factor}, {100}}, {{100 * throughput_factor}, {100}}};
    results.stream_bytes = 1 << 30;
    auto stream = [](double bytes_per_second, long rss_kib) {
        StreamRun run;
        run.bytes = 1 << 30;
        run.stream_seconds = static_cast<double>(run.bytes) / bytes_per_second;
        run.vm_hwm_kib = rss_kib;
        return StreamSeries{{}, {run}};
    };
    results.streams = {stream(1000, 1500), stream(950, 4000), stream(junit_rate, junit_rss_kib)};
    return results;
}

TEST(Targets, AllMetWhenEveryFigureIsInsideItsLimit) {
    auto rows = evaluate_targets(synthetic_results(0.011, 1.6, 5000, 900));
    ASSERT_EQ(rows.size(), 8u);  // 2 latency, 2 throughput levels, 2 RSS, 2 passthrough
    for (const TargetRow& row : rows) EXPECT_TRUE(row.met) << row.target << ": " << row.measured;
}

TEST(Targets, EachLimitIsEnforcedOnItsOwnRow) {
    // --junit 13 ms: 0.81 x bwrap (over 0.75) but 1.3 x unshare (over 1.10 too).
    auto rows = evaluate_targets(synthetic_results(0.013, 1.4, 7000, 700));
    EXPECT_FALSE(rows[0].met) << rows[0].measured;  // ≤ 0.75 × bwrap
    EXPECT_FALSE(rows[1].met) << rows[1].measured;  // ≤ 1.10 × unshare
    EXPECT_FALSE(rows[2].met) << rows[2].measured;  // throughput 1.4 < 1.5
    EXPECT_FALSE(rows[3].met) << rows[3].measured;
    EXPECT_TRUE(rows[4].met) << rows[4].measured;   // plain isotest 4000 KiB
    EXPECT_FALSE(rows[5].met) << rows[5].measured;  // --junit 7000 KiB > 6 MiB
    EXPECT_TRUE(rows[6].met) << rows[6].measured;   // 0.95 x
    EXPECT_FALSE(rows[7].met) << rows[7].measured;  // 0.7 x
}

TEST(Targets, BoundariesCountAsMet) {
    // Exactly 0.75 x bwrap is 12 ms, which is 1.2 x unshare: only the bwrap row is met.
    auto rows = evaluate_targets(synthetic_results(0.012, 1.5, 6 * 1024, 800));
    EXPECT_TRUE(rows[0].met) << rows[0].measured;
    EXPECT_FALSE(rows[1].met) << rows[1].measured;
    EXPECT_TRUE(rows[2].met) << rows[2].measured;
    EXPECT_TRUE(rows[5].met) << rows[5].measured;
    EXPECT_TRUE(rows[7].met) << rows[7].measured;
}

}  // namespace
}  // namespace bench
