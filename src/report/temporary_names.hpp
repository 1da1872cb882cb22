// The names a report passes through on its way into place: ".NAME.isotest-tmp.N", N < kSlots.
// Fixed, not random, so that a later writer of the same report finds what a killed writer left
// without reading the whole directory (a reports directory may hold thousands of files).
//
// A writer holds an flock on the file under its temporary name for as long as it lives (the
// kernel drops the lock when the writer dies, however it dies); a temporary name whose file
// nobody holds belongs to a writer that is gone, and the next writer that replaces the same
// report removes it (remove_stale; leftovers only arise beside an old report, while replacing
// it). Names that are not regular files are not ours and are left alone.
#pragma once

#include <string>

#include "isotest/unique_fd.hpp"
#include "report/report_place.hpp"

namespace isotest::report::temporary_names {

inline constexpr int kSlots = 8;

std::string name(const std::string& file_name, int slot);

// Links `linkable` (a /proc/self/fd/N path of a file the caller holds locked) under a free
// temporary name of the place's file; returns that name. `path` is for errors.
std::string link(const ReportPlace& place, const std::string& linkable, const std::string& path);

struct Created {
    UniqueFd fd;  // open for writing, mode 0644, locked
    std::string name;
};
// Creates a new empty file under a free temporary name of the place's file.
Created create(const ReportPlace& place, const std::string& path);

// Removes every temporary name of the place's file whose writer is gone.
void remove_stale(const ReportPlace& place);

}  // namespace isotest::report::temporary_names
