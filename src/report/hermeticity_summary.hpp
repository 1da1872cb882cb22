// The hermeticity section of `isotest report`: of every isotest run in the reports, which ones
// depend on or reach into the outside world, grouped by what they did — wrote outside their
// writable paths, left processes running, tried the network, hit the memory or the process
// limit — so that the few offending tests of a thousand show at a glance. Read from the suites'
// isotest.* properties:
//
//   isotest.written_files, isotest.leftover_processes   anything but "none"
//   isotest.network_attempts                             anything but absent, empty or "none"
//                                                        (a list of attempts, shown as it is)
//   isotest.memory_limit_hit, isotest.process_limit_hit  "true"
#pragma once

#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "report/json_writer.hpp"
#include "report/painter.hpp"
#include "report/report_inputs.hpp"

namespace isotest::report {

enum class Breach { wrote_outside, left_running, network, memory_limit, process_limit };
inline constexpr std::size_t kBreachKinds = 5;

// One run that did it: its suite (the test's name), the report file, what the property said.
struct Offender {
    std::string test;
    std::string report;
    std::string detail;  // empty for the limits
};

struct Hermeticity {
    std::size_t runs = 0;            // suites written by isotest (with isotest.version)
    std::size_t offending_runs = 0;  // runs in at least one group
    std::array<std::vector<Offender>, kBreachKinds> groups;  // by Breach, each sorted by test
};

Hermeticity hermeticity_of(const std::vector<LoadedReport>& reports);

// At most `listed` runs per group on the terminal; the rest are counted.
inline constexpr std::size_t kListedPerGroup = 10;
void print_hermeticity(std::ostream& out, const Hermeticity& hermeticity, const Painter& paint);

// {"isotest_runs": N, "not_hermetic": M, "wrote_outside_writable_paths": [{"test", "report",
// "detail"}...], "left_processes_running": [...], "tried_the_network": [...],
// "hit_the_memory_limit": [...], "hit_the_process_limit": [...]}: every run, none left out.
void write_hermeticity_json(JsonWriter& json, const Hermeticity& hermeticity);

}  // namespace isotest::report
