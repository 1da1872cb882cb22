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
// parse_junit_xml builds the whole model (merge, report: files the user chose); JunitCases
// hands out one case at a time with every field cut to caps (the test's own results).
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "report/junit_model.hpp"
#include "report/text_cut.hpp"

namespace tinyxml2 {
class XMLDocument;
}

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

// Caps on the fields of a test case, for a file isotest does not trust (the test's own
// results): a longer value is cut with a marker (text_cut.hpp). The defaults keep everything.
struct CaseFieldCaps {
    std::size_t name_bytes = kUncapped;     // name, classname (or the suite's name), result type
    std::size_t message_bytes = kUncapped;  // the message attribute (or the body's first line)
    std::size_t body_bytes = kUncapped;     // the failure/error/skipped bodies, joined
    std::size_t output_bytes = kUncapped;   // the case's system-out, and its system-err
};

// How many fields of the kinds above the caps cut.
struct CaseFieldCuts {
    std::size_t names = 0;
    std::size_t messages = 0;
    std::size_t bodies = 0;
    std::size_t outputs = 0;

    bool any() const { return names + messages + bodies + outputs > 0; }
    CaseFieldCuts& operator+=(const CaseFieldCuts& other);
};

struct ReadCase {
    TestCase test_case;
    CaseFieldCuts cuts;
};

// A parsed JUnit document whose test cases are visited one at a time, never all built at once:
// what reading the test's own results needs to keep its memory bounded.
class JunitCases {
public:
    explicit JunitCases(std::string_view xml);  // throws MalformedReport, as parse_junit_xml
    ~JunitCases();
    JunitCases(const JunitCases&) = delete;
    JunitCases& operator=(const JunitCases&) = delete;

    // Every test case in document order, suites flattened as parse_junit_xml does, fields cut
    // to `caps`. A case without a classname gets its suite's name, as a report would show it.
    // Throws MalformedReport for a <testcase> without a name.
    void for_each(const CaseFieldCaps& caps, const std::function<void(ReadCase&&)>& visit) const;

    // The whole document as parse_junit_xml returns it.
    JunitReport report() const;

private:
    std::unique_ptr<tinyxml2::XMLDocument> document_;
};

}  // namespace isotest::report
