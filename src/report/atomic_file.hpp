// Replaces a file so that readers see either the old content or all of the new: a temp file
// in the same directory, write, rename. Missing parent directories are created. The file gets
// mode 0644. No fsync: a test report needs atomicity for its readers, not survival of a power
// cut, and fsync costs milliseconds per test on a busy disk.
//
// The place is fixed when the target is opened, before the test runs: the directory is held
// open (O_PATH) and every later step is relative to it, so a test that owns the directory (it
// lies in a --rw path) cannot steer the host-side write elsewhere by swapping paths for
// symlinks. An existing target that is not a regular file (a FIFO, /dev/null, /dev/stdout) is
// held open too and written in place: renaming over it would replace the node.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "report/file_descriptor.hpp"

namespace isotest::report {

class AtomicFileTarget {
public:
    // Throws isotest::Error, one line: "cannot write PATH: STEP WHERE: errno text".
    explicit AtomicFileTarget(std::string path);

    // Streams the content into the target, so a large report is never held in memory whole.
    // Throws isotest::Error as above; a failed write leaves no temp file and the old content.
    void write(const std::function<void(std::FILE*)>& write_content) const;

    const std::string& path() const { return path_; }

private:
    void write_in_place(const std::function<void(std::FILE*)>& write_content) const;
    void write_by_rename(const std::function<void(std::FILE*)>& write_content) const;
    void replace(const std::string& temp) const;

    std::string path_;
    std::string file_name_;        // last component, relative to directory_
    FileDescriptor directory_{-1};  // O_PATH; -1 when writing in place
    FileDescriptor in_place_{-1};   // O_PATH on an existing non-regular target
};

// One-shot forms for writers that do not run a test in between (merge).
void write_file_atomically(const std::string& path, std::string_view content);
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write_content);

}  // namespace isotest::report
