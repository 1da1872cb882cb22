#include "report/text_cut.hpp"

namespace isotest::report {

std::string cut_marker(std::size_t cut_bytes) {
    return "[isotest: " + std::to_string(cut_bytes) + " more bytes cut]";
}

std::size_t utf8_prefix_length(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return text.size();
    std::size_t end = limit;
    // Back off continuation bytes (at most three: the longest sequence is four bytes).
    for (int back = 0; back < 3 && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80; ++back) {
        --end;
    }
    return end;
}

void CappedText::append(std::string_view piece) {
    if (cut()) {
        cut_bytes_ += piece.size();
        return;
    }
    const std::size_t room = limit_ - kept_.size();
    const std::size_t kept = utf8_prefix_length(piece, room);
    kept_.append(piece.substr(0, kept));
    cut_bytes_ = piece.size() - kept;
}

std::string CappedText::take() {
    std::string text = std::move(kept_);
    if (cut()) text += cut_marker(cut_bytes_);
    kept_.clear();
    cut_bytes_ = 0;
    return text;
}

std::string capped(std::string_view text, std::size_t limit, bool& cut) {
    CappedText result(limit);
    result.append(text);
    cut = result.cut();
    return result.take();
}

}  // namespace isotest::report
