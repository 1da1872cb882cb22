// Where a report goes, settled once when isotest starts, before the test runs — the way a shell
// settles `> FILE`: symlinks are followed then (a test that swaps one later moves nothing), and
// every later step works relative to descriptors held from then on, never by path.
//
//  - a regular file, or no file: replaced or created atomically under its own name in its own
//    directory (a symlink to it stays a symlink); missing directories of the path as given are
//    created, those of a symlink's target are not;
//  - a directory: an error;
//  - anything else (a FIFO, /dev/null), or a path through /proc (/dev/stdout, /dev/fd/N: one
//    of isotest's own open files): written in place, appended, never replaced by a file.
#pragma once

#include <string>

#include "isotest/unique_fd.hpp"

namespace isotest::report {

struct ReportPlace {
    UniqueFd directory{-1};  // O_PATH on the directory the report is named in
    std::string name;              // its name there
    std::string directory_name;    // that directory as the path or its symlink named it, for messages
    UniqueFd node{-1};       // O_PATH on what is written in place (directory is -1 then)

    bool in_place() const { return node.get() >= 0; }
};

// Throws isotest::Error, one line: "cannot write PATH: STEP: errno text[; fix: ...]".
ReportPlace find_report_place(const std::string& path);

}  // namespace isotest::report
