#include <tinyxml2.h>

#include <string>
#include <string_view>

#include "invariant.hpp"
#include "report/xml_text.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

// Independent of the cleaner's own decoder: every code point is well-formed UTF-8 and a Char
// of XML 1.0 that the cleaner promises to keep literal (no C0 but TAB/LF, no CR, no DEL, no
// C1, no U+FFFE/U+FFFF).
bool clean_and_legal(std::string_view text, bool attribute) {
    for (std::size_t at = 0; at < text.size();) {
        const auto lead = static_cast<unsigned char>(text[at]);
        char32_t code_point = 0;
        std::size_t length = 0;
        if (lead < 0x80) code_point = lead, length = 1;
        else if ((lead & 0xe0) == 0xc0) code_point = lead & 0x1f, length = 2;
        else if ((lead & 0xf0) == 0xe0) code_point = lead & 0x0f, length = 3;
        else if ((lead & 0xf8) == 0xf0) code_point = lead & 0x07, length = 4;
        else return false;
        if (at + length > text.size()) return false;
        for (std::size_t i = 1; i < length; ++i) {
            const auto byte = static_cast<unsigned char>(text[at + i]);
            if ((byte & 0xc0) != 0x80) return false;
            code_point = (code_point << 6) | (byte & 0x3f);
        }
        static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < kMinimum[length] || code_point > 0x10ffff) return false;
        if (code_point >= 0xd800 && code_point <= 0xdfff) return false;
        if (code_point < 0x20 && code_point != '\t' && code_point != '\n') return false;
        if (attribute && (code_point == '\t' || code_point == '\n')) return false;
        if (code_point == 0x7f || (code_point >= 0x80 && code_point <= 0x9f)) return false;
        if (code_point == 0xfffe || code_point == 0xffff) return false;
        at += length;
    }
    return true;
}

bool only_whitespace(const std::string& text) { return text.find_first_not_of(" \t\n") == std::string::npos; }

std::string round_trip_text(const std::string& text) {
    tinyxml2::XMLDocument out;
    out.InsertEndChild(out.NewElement("e"))->ToElement()->SetText(text.c_str());
    tinyxml2::XMLPrinter printer;
    out.Print(&printer);
    tinyxml2::XMLDocument in;
    FUZZ_CHECK(in.Parse(printer.CStr()) == tinyxml2::XML_SUCCESS, "tinyxml2 cannot read back cleaned text");
    const char* read = in.RootElement()->GetText();
    return read ? read : "";
}

std::string round_trip_attribute(const std::string& text) {
    tinyxml2::XMLDocument out;
    out.InsertEndChild(out.NewElement("e"))->ToElement()->SetAttribute("a", text.c_str());
    tinyxml2::XMLPrinter printer;
    out.Print(&printer);
    tinyxml2::XMLDocument in;
    FUZZ_CHECK(in.Parse(printer.CStr()) == tinyxml2::XML_SUCCESS, "tinyxml2 cannot read back a cleaned attribute");
    const char* read = in.RootElement()->Attribute("a");
    return read ? read : "";
}

}  // namespace

int xml_text(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const std::string text = report::clean_xml_text(input);
    FUZZ_CHECK(clean_and_legal(text, false), "clean_xml_text left an illegal or invalid character");
    FUZZ_CHECK(report::clean_xml_text(text) == text, "clean_xml_text is not idempotent");
    // tinyxml2 (9.0) drops a text node that is only whitespace when it reads a document.
    FUZZ_CHECK(round_trip_text(text) == (only_whitespace(text) ? std::string() : text),
               "cleaned text changed through tinyxml2");

    const std::string attribute = report::clean_xml_attribute(input);
    FUZZ_CHECK(clean_and_legal(attribute, true), "clean_xml_attribute left an illegal or invalid character");
    FUZZ_CHECK(report::clean_xml_attribute(attribute) == attribute, "clean_xml_attribute is not idempotent");
    FUZZ_CHECK(round_trip_attribute(attribute) == attribute, "a cleaned attribute changed through tinyxml2");
    return 0;
}

}  // namespace isotest::fuzz
