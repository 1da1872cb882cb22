// Cutting text the test controls down to a cap, visibly: what is cut away is replaced by a
// marker naming how many bytes went, so nobody mistakes a cut value for the whole of it.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace isotest::report {

inline constexpr std::size_t kUncapped = std::numeric_limits<std::size_t>::max();

// "[isotest: N more bytes cut]"
std::string cut_marker(std::size_t cut_bytes);

// The longest prefix of `text` of at most `limit` bytes that does not end inside a UTF-8
// sequence (a cut there would show as \xNN markers once cleaned).
std::size_t utf8_prefix_length(std::string_view text, std::size_t limit);

// Text gathered from pieces, keeping at most `limit` bytes of them: the first bytes, then (if
// anything did not fit) the marker. The memory held never exceeds the limit plus the marker.
class CappedText {
public:
    explicit CappedText(std::size_t limit = kUncapped) : limit_(limit) {}

    void append(std::string_view piece);
    bool cut() const { return cut_bytes_ > 0; }
    bool empty() const { return kept_.empty() && !cut(); }
    // The kept bytes and the marker; the text is left empty.
    std::string take();

private:
    std::size_t limit_;
    std::string kept_;
    std::size_t cut_bytes_ = 0;
};

// `text`, cut to `limit` as CappedText does; `cut` tells whether it was.
std::string capped(std::string_view text, std::size_t limit, bool& cut);

}  // namespace isotest::report
