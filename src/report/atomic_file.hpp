// Replaces a file so that readers see either the old content or all of the new, and no name
// shows up before the content is complete: the content goes into an unnamed file (O_TMPFILE)
// in the target's directory, which is then linked into place — under the target's name when
// there is none yet, else under a temporary name exchanged with the old file (see
// temporary_names.hpp for how the leftovers of a killed writer are removed). Where the file
// system has no O_TMPFILE, a named temporary file is written and renamed instead. The file gets
// mode 0644. No fsync: a test report needs atomicity for its readers, not survival of a power
// cut, and fsync costs milliseconds per test on a busy disk.
//
// Where the file goes is settled when the target is made, before the test runs, and checked:
// the unnamed file is made then and held (a target that cannot be written is an error before
// the test starts). See report_place.hpp: symlinks are followed then, every later step is
// relative to held descriptors, so a test that owns the directory (it lies in a --rw path)
// cannot steer the host-side write elsewhere by swapping paths for symlinks; FIFOs and devices
// are written in place.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "isotest/unique_fd.hpp"
#include "report/report_place.hpp"

namespace isotest::report {

class AtomicFileTarget {
public:
    // unnamed: O_TMPFILE where the file system has it; named: the fallback always (for tests).
    enum class Staging { unnamed, named };

    // Throws isotest::Error, one line: "cannot write PATH: STEP: errno text[; fix: ...]".
    explicit AtomicFileTarget(std::string path, Staging staging = Staging::unnamed);

    // Streams the content into the target, so a large report is never held in memory whole.
    // Throws isotest::Error as above; a failed write leaves no temporary name and the old content.
    void write(const std::function<void(std::FILE*)>& write_content);

    const std::string& path() const { return path_; }

private:
    void write_in_place(const std::function<void(std::FILE*)>& write_content) const;
    void write_unnamed(UniqueFd file, const std::function<void(std::FILE*)>& write_content) const;
    void write_named(const std::function<void(std::FILE*)>& write_content) const;
    UniqueFd make_unnamed_file() const;
    bool replace(const std::string& temporary) const;

    std::string path_;
    ReportPlace place_;
    bool unnamed_ = false;           // O_TMPFILE works in place_.directory
    UniqueFd staged_{-1};      // the unnamed file made when checking, until write() takes it
};

// One-shot forms for writers that do not run a test in between (merge).
void write_file_atomically(const std::string& path, std::string_view content);
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content);

}  // namespace isotest::report
