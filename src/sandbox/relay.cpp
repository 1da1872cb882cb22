#include "sandbox/relay.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

namespace isotest::relay {

bool pump_output(const sys::UniqueFd& from, int to, bool to_is_pipe, BoundedCapture* capture, bool& caller_gone,
                 char* buffer) {
    std::size_t want = kChunk;
    bool passed_on = false;
    if (capture && to_is_pipe && !caller_gone) {
        const ssize_t teed = ::tee(from.get(), to, kChunk, 0);
        if (teed > 0) {
            want = static_cast<std::size_t>(teed);  // exactly what the caller got
            passed_on = true;
        } else if (teed < 0 && errno == EINTR) {
            return true;
        } else if (teed < 0 && errno == EPIPE) {
            caller_gone = true;  // keep capturing
        }
        // 0 (end of stream, read below sees it) or another error (EAGAIN of a non-blocking
        // caller pipe): read and write this chunk.
    }
    const ssize_t n = ::read(from.get(), buffer, want);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    const std::string_view chunk(buffer, static_cast<std::size_t>(n));
    if (capture) capture->append(chunk);
    if (!passed_on && !caller_gone && !sys::write_all(to, chunk)) caller_gone = true;  // EPIPE: keep draining
    return true;
}

InputRelay::InputRelay(int source, sys::UniqueFd sink, sys::UniqueFd reader)
    : source_(source), sink_(std::move(sink)), reader_(std::move(reader)) {
    const int flags = ::fcntl(sink_.get(), F_GETFL);
    if (flags >= 0) ::fcntl(sink_.get(), F_SETFL, flags | O_NONBLOCK);
    start_ = ::lseek(source_, 0, SEEK_CUR);
    seekable_ = start_ >= 0;
}

void InputRelay::feed() {
    // splice(2) moves file pages into the pipe without a copy through isotest.
    loff_t offset = start_ + sent_;
    const ssize_t moved = ::splice(source_, seekable_ ? &offset : nullptr, sink_.get(), nullptr, kChunk,
                                   SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
    if (moved > 0) {
        sent_ += moved;
        return;
    }
    if (moved < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (moved < 0 && errno == EINVAL && seekable_) {
        // A file system that cannot splice: read and write (a short write is read again).
        char buffer[1 << 16];
        const ssize_t got = ::pread(source_, buffer, sizeof buffer, offset);
        const ssize_t put = got > 0 ? ::write(sink_.get(), buffer, static_cast<std::size_t>(got)) : got;
        if (put > 0) {
            sent_ += put;
            return;
        }
        if (put < 0 && (errno == EAGAIN || errno == EINTR)) return;
    }
    // 0: the file's end. An error: the test closed its stdin (EPIPE), or the caller's stdin
    // cannot be read (opened for writing only): the test reads end of file either way.
    sink_.reset();
}

void InputRelay::finish() {
    if (source_ < 0) return;
    if (seekable_) {
        int unread = 0;
        if (!reader_.valid() || ::ioctl(reader_.get(), FIONREAD, &unread) != 0) unread = 0;
        ::lseek(source_, start_ + sent_ - unread, SEEK_SET);
    }
    sink_.reset();
    reader_.reset();
    source_ = -1;
}

}  // namespace isotest::relay
