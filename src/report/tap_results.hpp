// TAP (the Test Anything Protocol, versions 13 and 14) on the test's stdout, read into test
// cases for the report (--results tap). Pure: text in, cases out; never throws.
//
//   ok N - desc / not ok N - desc     a passed / failed case named desc ("test N" if none);
//                                     the number may be left out (then it is the last one + 1)
//   # SKIP reason                     skipped, message "SKIP: reason"
//   not ok ... # TODO reason          a known failure, not a failure: skipped, message
//                                     "TODO (not ok, expected to fail): reason"
//   ok ... # TODO reason              passed; system-out says "TODO passed unexpectedly: reason"
//   1..N (first or last)              the plan: each number in 1..N never reported is an errored
//                                     case "test K" (tap.Missing); points past the plan, a second
//                                     plan, or no plan at all give one errored case "plan" (tap.Plan)
//   1..0 # SKIP reason                nothing to run: one skipped case
//   a number reported twice           the later one is an errored case (tap.DuplicateNumber)
//   Bail out! reason                  an errored case "Bail out!" (tap.BailOut); nothing after it
//                                     is read, missing tests are counted in its body
//     ---  ...  (YAML, indented 2)   attached to the case before it: in a failure's body, else
//                                     in the case's system-out
//   TAP 14 subtests: lines indented by 4 spaces per level, opened by "# Subtest: name" (at the
//   subtest's indentation, or as older node-tap writes it, its parent's); their cases are named
//   "name/child" ("subtest N/child" without a name, N the parent's next test number). The point
//   that closes a subtest becomes a case only where its children say nothing (none reported,
//   or it fails while none of them did).
// Everything else on stdout (the test's own prints, "# comments", pragmas) is ignored.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "report/junit_reader.hpp"
#include "report/own_results.hpp"

namespace isotest::report {

// Visits every case the TAP in `text` reports, in order, fields cut to `caps`, each with
// `classname`. Returns whether `text` held any TAP at all (a version line, a plan, a test point,
// "# Subtest" or Bail out!). Bounded: at most four cases per line of `text` (a point, or a
// subtest's plan problems), plus limits::kOwnResultsCases missing tests listed one by one in all
// (beyond them, one case per plan counts the rest); subtests nest at most 64 deep (deeper lines
// are not read as TAP).
bool for_each_tap_case(std::string_view text, const CaseFieldCaps& caps, const std::string& classname,
                       const std::function<void(ReadCase&&)>& visit);

// The TAP on the test's stdout as the test's own results, bounded as its own JUnit XML is
// (own_results.hpp). `unread_bytes`: how much of stdout the capture cut out of its middle
// (--max-report-output), named in the note; no TAP at all is status no_cases.
OwnResults read_tap_results(std::string_view stdout_text, std::size_t unread_bytes, const std::string& classname);

}  // namespace isotest::report
