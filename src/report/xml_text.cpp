#include "report/xml_text.hpp"

#include <cstdint>

namespace isotest::report {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_byte_marker(std::string& out, unsigned char byte) {
    out += "\\x";
    out += hex_digits[byte >> 4];
    out += hex_digits[byte & 0xf];
}

void append_code_point_marker(std::string& out, char32_t code_point) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex_digits[(code_point >> shift) & 0xf];
}

bool is_continuation(unsigned char byte) { return (byte & 0xc0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at `at` and its code point, or 0 if the
// bytes there are not one (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t decode_utf8(std::string_view bytes, std::size_t at, char32_t& code_point) {
    const auto lead = static_cast<unsigned char>(bytes[at]);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, code_point = lead & 0x1f, minimum = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, code_point = lead & 0x0f, minimum = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (bytes.size() - at < length) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(bytes[at + i]);
        if (!is_continuation(byte)) return 0;
        code_point = (code_point << 6) | (byte & 0x3f);
    }
    if (code_point < minimum || code_point > 0x10ffff) return 0;
    if (code_point >= 0xd800 && code_point <= 0xdfff) return 0;
    return length;
}

bool needs_code_point_marker(char32_t code_point) {
    return (code_point >= 0x80 && code_point <= 0x9f) || code_point == 0xfffe ||
           code_point == 0xffff;
}

}  // namespace

std::string clean_xml_text(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 16);
    std::size_t at = 0;
    while (at < bytes.size()) {
        const auto byte = static_cast<unsigned char>(bytes[at]);
        if (byte == '\r') {
            out += '\n';
            at += (at + 1 < bytes.size() && bytes[at + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (byte < 0x80) {
            if (byte == '\t' || byte == '\n' || (byte >= 0x20 && byte != 0x7f)) {
                out += static_cast<char>(byte);
            } else {
                append_byte_marker(out, byte);
            }
            ++at;
            continue;
        }
        char32_t code_point = 0;
        const std::size_t length = decode_utf8(bytes, at, code_point);
        if (length == 0) {
            // Mark only this byte: the next one may start a valid sequence of its own.
            append_byte_marker(out, byte);
            ++at;
        } else if (needs_code_point_marker(code_point)) {
            append_code_point_marker(out, code_point);
            at += length;
        } else {
            out.append(bytes.substr(at, length));
            at += length;
        }
    }
    return out;
}

std::string clean_xml_attribute(std::string_view bytes) {
    std::string out = clean_xml_text(bytes);
    for (char& c : out) {
        if (c == '\t' || c == '\n') c = ' ';
    }
    return out;
}

}  // namespace isotest::report
