// BoundedCapture keeps the first and last bytes of a stream whose total size is unbounded,
// so a test printing gigabytes keeps isotest's memory small and the report readable.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace isotest {

class BoundedCapture {
public:
    explicit BoundedCapture(std::size_t limit_bytes = 1024 * 1024);

    void append(std::string_view bytes);

    std::size_t total_bytes() const { return total_; }
    bool truncated() const { return total_ > limit_; }
    // How many bytes from the middle of the stream were not kept (the marker names them).
    std::size_t dropped_bytes() const { return truncated() ? total_ - limit_ : 0; }
    // Head, then (if anything was dropped) a marker naming how many bytes, then the tail.
    std::string text() const;
    // The same, leaving the capture empty: its memory is released as the text is made, so
    // the output is held once, not twice, while a report is built from it.
    std::string take_text();
    // The last `count` bytes of text(), without building all of it.
    std::string last_bytes(std::size_t count) const;

private:
    std::string marker() const;
    // The tail's bytes in stream order: the ring from tail_pos_, then from its start.
    std::string_view tail_first_part() const;
    std::string_view tail_second_part() const;

    std::size_t limit_;
    std::size_t head_limit_;
    std::size_t tail_limit_;
    std::size_t total_ = 0;
    std::string head_;
    std::string tail_;         // ring buffer once full
    std::size_t tail_pos_ = 0; // next write position in the ring
};

}  // namespace isotest
