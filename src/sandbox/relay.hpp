// Copying the test's streams between the supervisor's pipes and the caller's descriptors:
// output, when it is captured for the report or the caller's stdout/stderr is a file; input,
// when the caller's stdin is a file (descriptors.hpp says why the test never holds those).
#pragma once

#include <sys/types.h>

#include <string_view>

#include "isotest/bounded_capture.hpp"
#include "sandbox/syscall.hpp"

namespace isotest::relay {

inline constexpr int kChunk = 1 << 20;

// Copies one chunk from `from` (a pipe the test writes) to the caller's `to`, and into
// `capture` if there is one. Returns false at end of stream. Where the caller's end is a pipe
// and the output is captured, tee(2) hands it the chunk without a copy through isotest and only
// the capture reads it. A caller that went away (EPIPE) is remembered in `caller_gone`; the
// test's output is still drained (and captured), so the test never blocks on a full pipe.
bool pump_output(const sys::UniqueFd& from, int to, bool to_is_pipe, BoundedCapture* capture, bool& caller_gone,
                 char* buffer);

// Feeds the caller's stdin, a file, into the pipe the test reads as its stdin. The file is read
// at an offset of the relay's own, and when the run ends the caller's offset is moved to just
// after what the test consumed, as if the test had read the file itself (what the test left
// unread in the pipe is not counted).
class InputRelay {
public:
    InputRelay() = default;
    // `source`: the caller's descriptor (not owned); `sink`: the pipe's write end (made
    // non-blocking here); `reader`: the pipe's read end, kept to count what was left unread.
    InputRelay(int source, sys::UniqueFd sink, sys::UniqueFd reader);

    bool active() const { return sink_.valid(); }
    int sink() const { return sink_.get(); }

    // The pipe has room: moves the next chunk. At the file's end (or a read error, or a test
    // that closed its stdin) the pipe is closed, and the test reads end of file.
    void feed();

    // The run is over: moves the caller's offset (see above) and lets go of the pipe.
    void finish();

private:
    int source_ = -1;
    sys::UniqueFd sink_;
    sys::UniqueFd reader_;
    bool seekable_ = false;
    off_t start_ = 0;
    off_t sent_ = 0;
};

}  // namespace isotest::relay
