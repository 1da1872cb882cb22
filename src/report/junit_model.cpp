#include "report/junit_model.hpp"

namespace isotest::report {

Counts& Counts::operator+=(const Counts& other) {
    tests += other.tests;
    failures += other.failures;
    errors += other.errors;
    skipped += other.skipped;
    return *this;
}

Counts& Counts::operator+=(Verdict verdict) {
    ++tests;
    switch (verdict) {
        case Verdict::passed: break;
        case Verdict::failed: ++failures; break;
        case Verdict::errored: ++errors; break;
        case Verdict::skipped: ++skipped; break;
    }
    return *this;
}

Counts count(const TestSuite& suite) {
    Counts counts;
    for (const TestCase& test_case : suite.cases) counts += test_case.verdict;
    return counts;
}

Counts count(const JunitReport& report) {
    Counts counts;
    for (const TestSuite& suite : report.suites) counts += count(suite);
    return counts;
}

double suite_seconds(const TestSuite& suite) {
    if (suite.seconds) return *suite.seconds;
    double total = 0;
    for (const TestCase& test_case : suite.cases) total += test_case.seconds.value_or(0.0);
    return total;
}

std::optional<std::string> property_value(const TestSuite& suite, const std::string& name) {
    for (const Property& property : suite.properties) {
        if (property.name == name) return property.value;
    }
    return std::nullopt;
}

}  // namespace isotest::report
