#include "xmllint.hpp"

#include <boost/process.hpp>

#ifndef ISOTEST_SHARED_DIR
#error "ISOTEST_SHARED_DIR must point at the project's shared/ directory"
#endif
#ifndef ISOTEST_XMLLINT
#error "ISOTEST_XMLLINT must name the xmllint found at configure time"
#endif
#ifndef ISOTEST_CHECK_JUNIT
#error "ISOTEST_CHECK_JUNIT must point at tests/consumers/check_junit.sh"
#endif

namespace testsupport {

namespace bp = boost::process;

::testing::AssertionResult xmllint_accepts(const std::filesystem::path& file, const std::string& schema) {
    const std::string xmllint = ISOTEST_XMLLINT;
    if (xmllint.empty() || !std::filesystem::exists(xmllint)) {
        return ::testing::AssertionFailure() << "xmllint was not found when CMake configured the tests (" << xmllint
                                             << "); install it (apt-get install libxml2-utils) and reconfigure";
    }
    // With a schema: check_junit.sh, which validates against it where shared/ has it and checks
    // the rules that stand for it where it does not (a clone without ../shared).
    std::string program = xmllint;
    std::vector<std::string> args = {"--noout", file.string()};
    if (!schema.empty()) {
        program = bp::search_path("bash").string();
        args = {ISOTEST_CHECK_JUNIT, std::string(ISOTEST_SHARED_DIR) + "/schemas/" + schema, file.string()};
    }
    bp::ipstream output;
    bp::child child(bp::exe = program, bp::args = args, (bp::std_out & bp::std_err) > output, bp::std_in < bp::null);
    std::string complaint, line;
    while (std::getline(output, line)) {
        if (complaint.size() < 4000) complaint += line.substr(0, 300) + "\n";  // lines can be megabytes long
    }
    child.wait();
    if (child.exit_code() == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "xmllint " << (schema.empty() ? "" : "--schema " + schema + " ")
                                         << "rejected " << file.string() << ":\n" << complaint;
}

}  // namespace testsupport
