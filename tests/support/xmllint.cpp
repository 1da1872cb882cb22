#include "xmllint.hpp"

#include <boost/process.hpp>

#ifndef ISOTEST_SHARED_DIR
#error "ISOTEST_SHARED_DIR must point at the project's shared/ directory"
#endif
#ifndef ISOTEST_XMLLINT
#error "ISOTEST_XMLLINT must name the xmllint found at configure time"
#endif

namespace testsupport {

namespace bp = boost::process;

::testing::AssertionResult xmllint_accepts(const std::filesystem::path& file, const std::string& schema) {
    const std::string xmllint = ISOTEST_XMLLINT;
    if (xmllint.empty() || !std::filesystem::exists(xmllint)) {
        return ::testing::AssertionFailure() << "xmllint was not found when CMake configured the tests (" << xmllint
                                             << "); install it (apt-get install libxml2-utils) and reconfigure";
    }
    std::vector<std::string> args = {"--noout"};
    if (!schema.empty()) {
        const std::string schema_path = std::string(ISOTEST_SHARED_DIR) + "/schemas/" + schema;
        if (!std::filesystem::exists(schema_path)) {
            return ::testing::AssertionFailure()
                   << "schema " << schema_path << " is missing; set -DISOTEST_SHARED_DIR=.../shared";
        }
        args.insert(args.end(), {"--schema", schema_path});
    }
    args.push_back(file.string());
    bp::ipstream output;
    bp::child child(bp::exe = xmllint, bp::args = args, (bp::std_out & bp::std_err) > output, bp::std_in < bp::null);
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
