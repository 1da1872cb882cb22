#include "own_results_check.hpp"

#include "invariant.hpp"
#include "isotest/report_limits.hpp"

namespace isotest::fuzz {

void check_own_results(const report::OwnResults& own) {
    FUZZ_CHECK(own.cases.size() <= limits::kOwnResultsCases, "more own cases merged than the cap");
    FUZZ_CHECK(own.read.tests == own.cases.size() + own.left_out.tests, "an own case neither merged nor left out");
    std::size_t text = 0;
    for (const report::TestCase& test_case : own.cases) {
        constexpr std::size_t marker = 64;
        FUZZ_CHECK(test_case.name.size() <= limits::kOwnNameBytes + marker, "an own case's name was not cut");
        FUZZ_CHECK(test_case.classname.size() <= limits::kOwnNameBytes + marker, "an own classname was not cut");
        FUZZ_CHECK(test_case.message.size() <= limits::kOwnMessageBytes + marker, "an own message was not cut");
        FUZZ_CHECK(test_case.detail.size() <= limits::kOwnBodyBytes + marker, "an own failure body was not cut");
        FUZZ_CHECK(test_case.system_out.size() <= limits::kOwnOutputBytes + marker, "an own output was not cut");
        text += test_case.name.size() + test_case.classname.size() + test_case.result_type.size() +
                test_case.message.size() + test_case.detail.size() + test_case.system_out.size() +
                test_case.system_err.size();
    }
    FUZZ_CHECK(text <= limits::kOwnResultsTextBytes, "the own cases hold more text than the budget");
    FUZZ_CHECK(own.incomplete() == report::own_results_note_incomplete(own.note),
               "isotest.own_results does not say what was cut");
}

}  // namespace isotest::fuzz
