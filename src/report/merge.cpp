#include "report/merge.hpp"

namespace isotest::report {

JunitReport merge_reports(std::vector<LoadedReport> inputs) {
    JunitReport merged;
    for (LoadedReport& input : inputs) {
        for (TestSuite& suite : input.report.suites) merged.suites.push_back(std::move(suite));
    }
    return merged;
}

}  // namespace isotest::report
