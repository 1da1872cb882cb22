// JunitReport -> XML text. The only place isotest builds XML: every name, message and output
// goes through clean_xml_text/clean_xml_attribute here, so tinyxml2 never sees raw bytes.
//
// Shape (valid against the Jenkins xunit junit-10.xsd; see tests/unit/report):
//   <testsuites tests failures errors time>          counts summed from the suites
//     <testsuite name tests failures errors skipped time [timestamp] [hostname] id package>
//       <properties> <property name value/>... </properties>
//       <testcase name classname time> [<failure|error type message>body</...> or
//                                        <skipped message>body</skipped>]
//                 [<system-out>] [<system-err>] </testcase>...
//       [<system-out>...</system-out>] [<system-err>...</system-err>]   only where not empty
// Counts are computed from the cases, never copied from an input.
#pragma once

#include <cstdio>
#include <string>

#include "report/junit_model.hpp"

namespace isotest::report {

std::string render_junit_xml(const JunitReport& report);

// Streams the same document into `out`: the report is never held in memory whole.
void render_junit_xml(const JunitReport& report, std::FILE* out);

}  // namespace isotest::report
