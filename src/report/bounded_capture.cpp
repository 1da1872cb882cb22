#include "isotest/bounded_capture.hpp"

#include <algorithm>

namespace isotest {

BoundedCapture::BoundedCapture(std::size_t limit_bytes)
    : limit_(limit_bytes), head_limit_(limit_bytes / 2), tail_limit_(limit_bytes - limit_bytes / 2) {}

void BoundedCapture::append(std::string_view bytes) {
    total_ += bytes.size();
    const std::size_t to_head = std::min(bytes.size(), head_limit_ - head_.size());
    head_.append(bytes.substr(0, to_head));
    bytes.remove_prefix(to_head);
    if (bytes.empty() || tail_limit_ == 0) return;
    // Only the last tail_limit_ bytes of this chunk can survive in the tail.
    if (bytes.size() > tail_limit_) bytes.remove_prefix(bytes.size() - tail_limit_);
    while (!bytes.empty()) {
        if (tail_.size() < tail_limit_) {
            const std::size_t n = std::min(bytes.size(), tail_limit_ - tail_.size());
            tail_.append(bytes.substr(0, n));
            bytes.remove_prefix(n);
            tail_pos_ = tail_.size() % tail_limit_;
            continue;
        }
        const std::size_t n = std::min(bytes.size(), tail_limit_ - tail_pos_);
        tail_.replace(tail_pos_, n, bytes.substr(0, n));
        bytes.remove_prefix(n);
        tail_pos_ = (tail_pos_ + n) % tail_limit_;
    }
}

std::string BoundedCapture::text() const {
    std::string tail_in_order;
    if (tail_.size() < tail_limit_) {
        tail_in_order = tail_;
    } else {
        tail_in_order = tail_.substr(tail_pos_) + tail_.substr(0, tail_pos_);
    }
    if (!truncated()) return head_ + tail_in_order;
    const std::size_t dropped = total_ - head_.size() - tail_in_order.size();
    return head_ + "\n[isotest: " + std::to_string(dropped) + " bytes of output omitted]\n" +
           tail_in_order;
}

}  // namespace isotest
