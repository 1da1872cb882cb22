// The XML text cleaner, checked exhaustively: every byte value alone and inside text, every
// pair of bytes, every 3-byte sequence shape, 4-byte sequences, and named hostile inputs.
// glibc's iconv serves as an independent judge of what is valid UTF-8.
#include "report/xml_text.hpp"

#include <gtest/gtest.h>

#include <iconv.h>

#include <optional>
#include <string>
#include <vector>

using isotest::report::clean_xml_attribute;
using isotest::report::clean_xml_text;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string text;
    for (int value : values) text += static_cast<char>(value);
    return text;
}

std::string hex_marker(int byte) {
    static const char digits[] = "0123456789abcdef";
    return std::string("\\x") + digits[(byte >> 4) & 0xf] + digits[byte & 0xf];
}

// What one byte on its own must become (the documented contract, written out per class).
std::string expected_single_byte(int byte) {
    if (byte == '\t' || byte == '\n') return std::string(1, static_cast<char>(byte));
    if (byte == '\r') return "\n";
    if (byte < 0x20 || byte == 0x7f) return hex_marker(byte);
    if (byte < 0x7f) return std::string(1, static_cast<char>(byte));
    return hex_marker(byte);  // 0x80..0xff alone is never valid UTF-8
}

// Code points of `text` if glibc accepts it as UTF-8, else nullopt.
std::optional<std::u32string> decode_with_iconv(const std::string& text) {
    iconv_t converter = iconv_open("UTF-32LE", "UTF-8");
    if (converter == reinterpret_cast<iconv_t>(-1)) {
        ADD_FAILURE() << "iconv_open failed";
        return std::nullopt;
    }
    std::string input = text;
    std::u32string output(text.size() + 1, U'\0');
    char* in = input.data();
    std::size_t in_left = input.size();
    char* out = reinterpret_cast<char*>(output.data());
    std::size_t out_left = output.size() * sizeof(char32_t);
    const std::size_t result = iconv(converter, &in, &in_left, &out, &out_left);
    iconv_close(converter);
    if (result == static_cast<std::size_t>(-1) || in_left != 0) return std::nullopt;
    output.resize(output.size() - out_left / sizeof(char32_t));
    return output;
}

bool xml_legal_and_unmarked(char32_t c) {
    if (c == U'\t' || c == U'\n') return true;
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) return false;
    if (c >= 0xd800 && c <= 0xdfff) return false;
    if (c == 0xfffe || c == 0xffff) return false;
    return c <= 0x10ffff;
}

// The promise the report depends on: output is UTF-8 (by iconv) made of XML 1.0 characters
// we leave unmarked, with no CR.
::testing::AssertionResult clean_output(const std::string& output) {
    const auto decoded = decode_with_iconv(output);
    if (!decoded) return ::testing::AssertionFailure() << "not valid UTF-8";
    for (char32_t c : *decoded) {
        if (!xml_legal_and_unmarked(c)) {
            return ::testing::AssertionFailure() << "contains U+" << std::hex << static_cast<unsigned>(c);
        }
    }
    return ::testing::AssertionSuccess();
}

std::string code_point_marker(char32_t c) {
    static const char digits[] = "0123456789abcdef";
    std::string marker = "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) marker += digits[(c >> shift) & 0xf];
    return marker;
}

}  // namespace

TEST(XmlText, EveryByteValueAlone) {
    for (int byte = 0; byte < 256; ++byte) {
        const std::string output = clean_xml_text(bytes({byte}));
        EXPECT_EQ(output, expected_single_byte(byte)) << "byte " << byte;
        EXPECT_TRUE(clean_output(output)) << "byte " << byte;
    }
}

TEST(XmlText, EveryByteValueInsideText) {
    for (int byte = 0; byte < 256; ++byte) {
        const std::string input = "abc" + bytes({byte}) + "xyz";
        const std::string output = clean_xml_text(input);
        EXPECT_EQ(output, "abc" + expected_single_byte(byte) + "xyz") << "byte " << byte;
        EXPECT_TRUE(clean_output(output)) << "byte " << byte;
    }
}

TEST(XmlText, EveryPairOfBytes) {
    for (int first = 0; first < 256; ++first) {
        for (int second = 0; second < 256; ++second) {
            const std::string input = bytes({first, second});
            const std::string output = clean_xml_text(input);
            std::string expected;
            const auto decoded = decode_with_iconv(input);
            if (first == '\r' && second == '\n') {
                expected = "\n";
            } else if (decoded && decoded->size() == 1 && (*decoded)[0] >= 0x80) {
                // One two-byte character: kept, unless it is a C1 control.
                const char32_t c = (*decoded)[0];
                expected = c <= 0x9f ? code_point_marker(c) : input;
            } else {
                expected = expected_single_byte(first) + expected_single_byte(second);
            }
            ASSERT_EQ(output, expected) << "bytes " << first << ' ' << second;
            ASSERT_TRUE(clean_output(output)) << "bytes " << first << ' ' << second;
        }
    }
}

TEST(XmlText, EveryThreeByteSequenceShape) {
    std::size_t kept = 0, marked = 0;
    for (int lead = 0xe0; lead <= 0xef; ++lead) {
        for (int second = 0x80; second <= 0xbf; ++second) {
            for (int third = 0x80; third <= 0xbf; ++third) {
                const std::string input = bytes({lead, second, third});
                const std::string output = clean_xml_text(input);
                const auto decoded = decode_with_iconv(input);
                std::string expected;
                if (decoded && decoded->size() == 1 && (*decoded)[0] != 0xfffe && (*decoded)[0] != 0xffff) {
                    expected = input;
                    ++kept;
                } else if (decoded && decoded->size() == 1) {
                    expected = code_point_marker((*decoded)[0]);
                } else {
                    // Overlong (E0 80..9F xx) or surrogate (ED A0..BF xx): every byte marked.
                    expected = hex_marker(lead) + hex_marker(second) + hex_marker(third);
                    ++marked;
                }
                ASSERT_EQ(output, expected) << lead << ' ' << second << ' ' << third;
                ASSERT_TRUE(clean_output(output));
            }
        }
    }
    // 16*64*64 sequences: 32*64 overlongs and 32*64 surrogates are invalid, 2 are U+FFFE/F.
    EXPECT_EQ(marked, 2u * 32 * 64);
    EXPECT_EQ(kept, 16u * 64 * 64 - 2 * 32 * 64 - 2);
}

TEST(XmlText, FourByteSequences) {
    const std::vector<int> inner = {0x80, 0x81, 0x9f, 0xa0, 0xbe, 0xbf};
    std::size_t kept = 0;
    for (int lead = 0xf0; lead <= 0xff; ++lead) {
        for (int second = 0x80; second <= 0xbf; ++second) {
            for (int third : inner) {
                for (int fourth : inner) {
                    const std::string input = bytes({lead, second, third, fourth});
                    const std::string output = clean_xml_text(input);
                    const auto decoded = decode_with_iconv(input);
                    const std::string expected =
                        decoded ? input
                                : hex_marker(lead) + hex_marker(second) + hex_marker(third) +
                                      hex_marker(fourth);
                    if (decoded) ++kept;
                    ASSERT_EQ(output, expected) << lead << ' ' << second << ' ' << third << ' ' << fourth;
                    ASSERT_TRUE(clean_output(output));
                }
            }
        }
    }
    // Valid: F0 90..BF, F1..F3 80..BF, F4 80..8F.
    EXPECT_EQ(kept, (48u + 3 * 64 + 16) * inner.size() * inner.size());
}

TEST(XmlText, BoundariesOfTheCodeSpace) {
    EXPECT_EQ(clean_xml_text("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");  // U+10FFFF, XML-legal
    EXPECT_EQ(clean_xml_text("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
    EXPECT_EQ(clean_xml_text("\xf0\x90\x80\x80"), "\xf0\x90\x80\x80");  // U+10000
    EXPECT_EQ(clean_xml_text("\xf0\x8f\xbf\xbf"), "\\xf0\\x8f\\xbf\\xbf");  // overlong U+FFFF
    EXPECT_EQ(clean_xml_text("\xef\xbf\xbd"), "\xef\xbf\xbd");  // U+FFFD stays
    EXPECT_EQ(clean_xml_text("\xef\xbb\xbf"), "\xef\xbb\xbf");  // U+FEFF stays
    EXPECT_EQ(clean_xml_text("\xef\xb7\x90"), "\xef\xb7\x90");  // U+FDD0 noncharacter, legal
    EXPECT_EQ(clean_xml_text("\xf0\x9f\xbf\xbe"), "\xf0\x9f\xbf\xbe");  // U+1FFFE, legal
    EXPECT_EQ(clean_xml_text("\xef\xbf\xbe\xef\xbf\xbf"), "\\ufffe\\uffff");
    EXPECT_EQ(clean_xml_text("\xed\x9f\xbf"), "\xed\x9f\xbf");  // U+D7FF, last before surrogates
    EXPECT_EQ(clean_xml_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // U+D800
    EXPECT_EQ(clean_xml_text("\xed\xbf\xbf"), "\\xed\\xbf\\xbf");  // U+DFFF
    EXPECT_EQ(clean_xml_text("\xee\x80\x80"), "\xee\x80\x80");  // U+E000
    EXPECT_EQ(clean_xml_text("\xc2\x80\xc2\x9f\xc2\xa0"), "\\u0080\\u009f\xc2\xa0");
    EXPECT_EQ(clean_xml_text("\xc0\x80"), "\\xc0\\x80");  // overlong NUL (Java's "modified UTF-8")
    EXPECT_EQ(clean_xml_text("\xc1\xbf"), "\\xc1\\xbf");
    EXPECT_EQ(clean_xml_text("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");  // overlong '/'
}

TEST(XmlText, TruncatedSequencesMarkTheirBytesAndKeepWhatFollows) {
    EXPECT_EQ(clean_xml_text("\xe2\x82"), "\\xe2\\x82");
    EXPECT_EQ(clean_xml_text("\xe2\x82" "A"), "\\xe2\\x82A");
    EXPECT_EQ(clean_xml_text("\xf0\x9f\x98"), "\\xf0\\x9f\\x98");
    EXPECT_EQ(clean_xml_text("\xf0\x9f\x98\xf0\x9f\x98\x80"), "\\xf0\\x9f\\x98\xf0\x9f\x98\x80");
    EXPECT_EQ(clean_xml_text("\xc3"), "\\xc3");
    EXPECT_EQ(clean_xml_text("\xc3\xc3\xa9"), "\\xc3\xc3\xa9");
    EXPECT_EQ(clean_xml_text("\x80\xbf"), "\\x80\\xbf");  // stray continuation bytes
}

TEST(XmlText, ControlsAndAnsiSequencesBecomeVisible) {
    EXPECT_EQ(clean_xml_text(std::string("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(clean_xml_text("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
    EXPECT_EQ(clean_xml_text("bell\a back\b form\f vt\v del\x7f"),
              "bell\\x07 back\\x08 form\\x0c vt\\x0b del\\x7f");
    EXPECT_EQ(clean_xml_text("tab\tnewline\n"), "tab\tnewline\n");
}

TEST(XmlText, LineEndsBecomeLf) {
    EXPECT_EQ(clean_xml_text("a\r\nb\r\n"), "a\nb\n");
    EXPECT_EQ(clean_xml_text("progress 10%\rprogress 20%\r\n"), "progress 10%\nprogress 20%\n");
    EXPECT_EQ(clean_xml_text("\r\r\n\n"), "\n\n\n");
}

TEST(XmlText, MarkupCharactersAreLeftToTheXmlWriter) {
    // Escaping <, & and the > of "]]>" is tinyxml2's job (checked in the writer tests).
    EXPECT_EQ(clean_xml_text("]]> <a href=\"x\">&amp;</a>"), "]]> <a href=\"x\">&amp;</a>");
    EXPECT_EQ(clean_xml_text("C:\\path\\x1b"), "C:\\path\\x1b");
}

TEST(XmlText, ValidUtf8PassesThroughUnchanged) {
    const std::string text = "Grüße, Καλημέρα, こんにちは, 😀 — “quotes”";
    EXPECT_EQ(clean_xml_text(text), text);
    EXPECT_EQ(clean_xml_text(""), "");
}

TEST(XmlText, AttributesTurnTabsAndLineEndsIntoSpaces) {
    EXPECT_EQ(clean_xml_attribute("a\tb\nc\r\nd\re"), "a b c d e");
    EXPECT_EQ(clean_xml_attribute("\x1b[1m"), "\\x1b[1m");
}
