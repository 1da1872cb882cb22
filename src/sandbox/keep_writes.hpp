// --keep-writes DIR: what the test created, changed or deleted outside its writable paths, kept
// on the host for inspection once it has run.
//
// The supervisor opens DIR before the sandbox exists (open_destination: created if missing, and
// refused unless empty); init inherits the descriptor (close-on-exec: the test never holds it)
// and, once the test and everything it left running are gone, copies into it what the overlays'
// upper layers hold, the directories standing in for empty host ones, and the sandbox's /tmp:
//
//   DIR/root/...        the files, directories, symlinks, FIFOs and sockets, at the paths the
//                       test saw them (DIR/root/etc/motd is what it left at /etc/motd)
//   DIR/manifest.txt    one line per deletion, opaque directory and entry not copied
//
// Everything there is the test's: every name and byte, planted symlinks, names with newlines,
// millions of entries, deep trees. The copy never follows a symlink (*at() calls relative to
// directory descriptors, O_NOFOLLOW, RESOLVE_NO_SYMLINKS), never opens an existing file of DIR
// for writing (O_EXCL: a --rw path holding DIR lets the test plant one there), makes no device
// node and no setuid/setgid file on the host, and is bounded by the cap of the sandbox's writes
// (the scratch tmpfs's bytes and inodes, --tmpfs-size) and by kMaxDepth levels of directories.
// Files are the invoker's (made by init, whose ids map to the invoker's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "isotest/spec.hpp"
#include "sandbox/mount.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::keep_writes {

// Directory levels copied below each place; deeper ones are listed in the manifest, not copied.
inline constexpr std::size_t kMaxDepth = 64;
// Files with several names (hard links) whose copy is remembered at once, for their other names
// to be linked to: a few hundred bytes each. Past them a further name gets a copy of its own.
inline constexpr std::size_t kMaxLinkedFiles = 100'000;

// The supervisor's side, before the sandbox is made: DIR opened as a directory, created with its
// missing parents if it does not exist. Throws Error (one line naming the fix) where DIR is not
// a directory or not empty, or cannot be made or opened.
sys::UniqueFd open_destination(const std::string& dir);

// What was kept, for isotest.kept_writes and the line isotest prints.
struct Summary {
    std::uint64_t files = 0;        // regular files
    std::uint64_t hard_links = 0;   // further names of a file kept, made hard links of its copy
    std::uint64_t bytes = 0;        // their data
    std::uint64_t directories = 0;
    std::uint64_t symlinks = 0;
    std::uint64_t others = 0;       // FIFOs, sockets
    std::uint64_t deletions = 0;    // overlay whiteouts
    std::uint64_t opaque = 0;       // directories that replaced the host's (opaque)
    std::uint64_t not_copied = 0;   // listed in the manifest with the reason
    std::string failure;            // DIR's manifest or tree could not be made: nothing was kept
    std::string manifest_error;     // writing the manifest failed part way: it is incomplete
};

// "kept in DIR: 3 files (12 bytes), 1 directory; 2 deletions listed in DIR/manifest.txt".
std::string describe(const Summary& summary, const std::string& dir);

// One manifest line: KIND, a tab, the path, and a tab and WHY where given, then a newline. In the
// path and WHY a backslash, a tab, a newline and every other byte below 0x20 or 0x7f are
// written \\, \t, \n and \xHH, so that every line is one entry whatever the test named it.
std::string manifest_line(std::string_view kind, std::string_view path, std::string_view why = {});

// Init's side, once nothing of the test runs any more: copies into `destination` (open_
// destination's descriptor) what `view` says the test wrote, and /tmp. Throws nothing.
Summary keep(const mount::FilesystemView& view, int destination);

}  // namespace isotest::keep_writes
