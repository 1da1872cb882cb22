// The test's own JUnit XML (GoogleTest's, pytest's, CTest's, ...), read for merging into the
// run's report. Never throws: a malformed, refused or hostile file must not cost the run its
// report.
//
// The file is the test's to write, and the supervisor reads it outside every limit the test
// has, so everything here is bounded (isotest/report_limits.hpp): a file whose parse tree would
// be too big is refused before parsing; fields are cut with a marker; cases past the case cap
// or the text budget are left out (failed and errored cases are merged first) and only
// counted. Whatever is cut, left out, refused or ignored is said in `note`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report/junit_model.hpp"
#include "report/junit_reader.hpp"

namespace isotest::report {

struct OwnResults {
    enum class Status { absent, merged, no_cases, malformed, refused };
    Status status = Status::absent;
    std::vector<TestCase> cases;  // merged: in document order, each with a classname
    Counts read;                  // every case in the file
    Counts left_out;              // those of them not in `cases`
    CaseFieldCuts cuts;           // fields of the merged cases that were cut
    std::string unread;           // what of the source was never read (TAP: stdout cut), or empty
    std::string note;             // for isotest.own_results: what happened, in one line

    // Whether anything was cut, left out, refused or ignored as malformed.
    bool incomplete() const;
};

// Where the cases come from: a function that visits every case of the source in order, fields
// cut to the caps of the test's own results. Called twice (failed and errored cases are chosen
// first), it must visit the same cases both times.
using CaseSource = std::function<void(const std::function<void(ReadCase&&)>& visit)>;

// The caps every field of the test's own cases is cut to (isotest/report_limits.hpp).
const CaseFieldCaps& own_case_caps();

// Merges the cases `source` visits, bounded as the test's own JUnit XML is, into a status
// `merged` or `no_cases` and its note; `source_name` ("", "from TAP on stdout") says where they
// came from in the note.
OwnResults merge_own_cases(const CaseSource& source, const std::string& source_name, std::string unread = {});

// `own_xml`: the file's content (empty: none), released as soon as it is parsed (tinyxml2 keeps
// a copy); `refused`: why init did not read it (a symlink, not a regular file, too large), or empty.
OwnResults read_own_results(std::string own_xml, std::string_view refused = {});

// Whether an isotest.own_results value (`note` above) says something was cut, left out, refused
// or ignored: for reading reports back (`isotest report`).
bool own_results_note_incomplete(std::string_view note);

// Whether the own cases account for how the run ended, so the report needs no isotest test
// case of its own: only for a clean exit (no signal, timeout, setup failure or termination)
// that is either 0, or nonzero with at least one failed/errored own case. A skip exit code,
// a crash, or "exit 1 but every case passed" keep the isotest test case.
bool own_results_explain(const OwnResults& own, Verdict run_verdict, bool clean_exit);

}  // namespace isotest::report
