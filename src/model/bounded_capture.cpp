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

std::string_view BoundedCapture::tail_first_part() const {
    if (tail_.size() < tail_limit_) return tail_;
    return std::string_view(tail_).substr(tail_pos_);
}

std::string_view BoundedCapture::tail_second_part() const {
    if (tail_.size() < tail_limit_) return {};
    return std::string_view(tail_).substr(0, tail_pos_);
}

std::string BoundedCapture::marker() const {
    if (!truncated()) return {};
    const std::size_t dropped = total_ - head_.size() - tail_.size();
    return "\n[isotest: " + std::to_string(dropped) + " bytes of output omitted]\n";
}

// One allocation of the final size: a test's megabyte of output is copied once.
std::string BoundedCapture::text() const {
    const std::string omitted = marker();
    std::string result;
    result.reserve(head_.size() + omitted.size() + tail_.size());
    result.append(head_).append(omitted).append(tail_first_part()).append(tail_second_part());
    return result;
}

std::string BoundedCapture::take_text() {
    std::string result;
    if (!truncated() && tail_.empty()) {
        result = std::move(head_);  // no copy at all
    } else {
        result = text();
    }
    std::string().swap(head_);
    std::string().swap(tail_);
    tail_pos_ = 0;
    total_ = 0;
    return result;
}

std::string BoundedCapture::last_bytes(std::size_t count) const {
    const std::string_view first = tail_first_part();
    const std::string_view second = tail_second_part();
    if (first.size() + second.size() >= count) {
        if (second.size() >= count) return std::string(second.substr(second.size() - count));
        return std::string(first.substr(first.size() - (count - second.size()))).append(second);
    }
    const std::string whole = text();
    return whole.size() > count ? whole.substr(whole.size() - count) : whole;
}

}  // namespace isotest
