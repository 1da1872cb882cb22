// Reads JUnit XML as the common producers write it (isotest, GoogleTest, pytest, CTest
// --output-junit, Surefire/Ant) into a JunitReport. Lenient about dialects, strict about
// structure: anything that would lose a test case is an error carrying a line number.
//
// Dialect handling:
//   - root <testsuites> or <testsuite>; nested <testsuite>s are flattened (a suite that only
//     contains other suites is dropped as a mere container);
//   - counts and per-case attributes other than name/classname/time are ignored (counts are
//     recomputed), as are testcase-level <properties> and Surefire's rerun/flaky elements;
//   - disabled tests (GoogleTest's status="notrun", CTest's status="disabled") are skipped;
//   - a case with several <failure>/<error>/<skipped> gets one verdict (error > failure >
//     skipped), the first message of that kind and all bodies joined, so it counts once.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "report/junit_model.hpp"

namespace isotest::report {

class MalformedReport : public std::runtime_error {
public:
    MalformedReport(int line, const std::string& problem)
        : std::runtime_error(problem), line_(line) {}
    int line() const { return line_; }

private:
    int line_;
};

// Throws MalformedReport (line >= 1) if `xml` is not a well-formed JUnit document.
JunitReport parse_junit_xml(std::string_view xml);

}  // namespace isotest::report
