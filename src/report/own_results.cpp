#include "report/own_results.hpp"

#include <algorithm>

#include "report/junit_reader.hpp"

namespace isotest::report {

OwnResults read_own_results(std::string_view own_xml) {
    OwnResults own;
    if (own_xml.empty()) return own;
    try {
        JunitReport report = parse_junit_xml(own_xml);
        for (TestSuite& suite : report.suites) {
            for (TestCase& test_case : suite.cases) {
                if (test_case.classname.empty()) test_case.classname = suite.name;
                own.cases.push_back(std::move(test_case));
            }
        }
    } catch (const MalformedReport& error) {
        own.status = OwnResults::Status::malformed;
        own.note = "malformed (line " + std::to_string(error.line()) + ": " + error.what() +
                   "); ignored";
        return own;
    }
    if (own.cases.empty()) {
        own.status = OwnResults::Status::no_cases;
        own.note = "no test cases";
    } else {
        own.status = OwnResults::Status::merged;
        own.note = "merged " + std::to_string(own.cases.size()) + " test case" +
                   (own.cases.size() == 1 ? "" : "s");
    }
    return own;
}

bool own_results_explain(const OwnResults& own, Verdict run_verdict, bool clean_exit) {
    if (own.status != OwnResults::Status::merged || !clean_exit) return false;
    if (run_verdict == Verdict::passed) return true;
    if (run_verdict != Verdict::failed) return false;
    return std::any_of(own.cases.begin(), own.cases.end(), [](const TestCase& test_case) {
        return test_case.verdict == Verdict::failed || test_case.verdict == Verdict::errored;
    });
}

}  // namespace isotest::report
