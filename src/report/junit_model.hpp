// The JUnit report as plain values: what the reader produces, what the run report and merge
// build, and what the renderer turns into XML. Counts are never stored; they are computed
// from the test cases, so a report can't disagree with itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace isotest::report {

enum class Verdict { passed, failed, errored, skipped };

struct TestCase {
    std::string name;
    std::string classname;
    std::optional<double> seconds;
    Verdict verdict = Verdict::passed;
    // For failed/errored/skipped: the <failure>/<error>/<skipped> element's type, message and
    // body. One element per case, so every consumer counts the case once.
    std::string result_type;
    std::string message;
    std::string detail;
    std::string system_out;  // per-case output some producers (pytest, CTest) record
    std::string system_err;
};

struct Property {
    std::string name;
    std::string value;
};

struct TestSuite {
    std::string name;
    std::optional<double> seconds;
    std::string timestamp;  // "YYYY-MM-DDTHH:MM:SS" in UTC, or empty if unknown
    std::string hostname;   // empty if unknown
    std::vector<Property> properties;
    std::vector<TestCase> cases;
    std::string system_out;
    std::string system_err;
};

struct JunitReport {
    std::vector<TestSuite> suites;
};

struct Counts {
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::size_t skipped = 0;

    std::size_t passed() const { return tests - failures - errors - skipped; }
    Counts& operator+=(const Counts& other);
    Counts& operator+=(Verdict verdict);  // one more case with this verdict
};

Counts count(const TestSuite& suite);
Counts count(const JunitReport& report);

// The suite's own time if known, else the sum of its cases' times.
double suite_seconds(const TestSuite& suite);

// The value of the suite property `name`, if present.
std::optional<std::string> property_value(const TestSuite& suite, const std::string& name);

}  // namespace isotest::report
