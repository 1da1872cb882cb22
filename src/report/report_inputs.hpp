// The FILE|DIR... arguments of `isotest merge` and `isotest report`, read into reports.
#pragma once

#include <string>
#include <vector>

#include "report/junit_model.hpp"

namespace isotest::report {

struct LoadedReport {
    std::string path;
    JunitReport report;
};

// A file stays as given; a directory becomes every *.xml file below it (recursively), sorted
// by path. `excluded` (e.g. merge's own output file) is left out of directory listings.
// Throws isotest::Error ("PATH: No such file or directory", "DIR: no *.xml files under it").
std::vector<std::string> expand_report_paths(const std::vector<std::string>& arguments,
                                             const std::string& excluded = {});

// Reads and parses each file. Throws isotest::Error "FILE:LINE: problem" for malformed XML
// and "FILE: errno text" for unreadable files: an input is never silently dropped.
std::vector<LoadedReport> load_reports(const std::vector<std::string>& paths);

}  // namespace isotest::report
