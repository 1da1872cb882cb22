// Turns arbitrary bytes (a test's output, names, messages) into text that is valid UTF-8 and
// legal in XML 1.0, so no consumer's strict parser rejects a report. Everything that cannot
// or should not appear literally becomes a visible marker:
//   - a byte that is not part of valid UTF-8 (stray continuation, overlong or surrogate
//     encoding, code point above U+10FFFF, truncated sequence), each byte:   \xNN
//   - C0 controls other than TAB, LF and CR (NUL, ESC, ...), and DEL:        \xNN
//   - C1 controls U+0080..U+009F and the XML-illegal U+FFFE / U+FFFF:      \uNNNN
// NN/NNNN are lowercase hex. CRLF and a lone CR both become LF (XML parsers normalise line
// ends anyway; doing it here keeps what we write equal to what a reader gets back).
// Backslashes in the input are not escaped: markers are for people, not reversible.
// Everything else (all other valid UTF-8, noncharacters like U+FDD0 and U+10FFFF included, as
// XML 1.0 allows them) passes through unchanged.
#pragma once

#include <string>
#include <string_view>

namespace isotest::report {

// For element text (<system-out>, failure bodies).
std::string clean_xml_text(std::string_view bytes);

// For attribute values: as clean_xml_text, and TAB/LF become a space, because XML attribute
// value normalisation would turn them into spaces in every reader anyway.
std::string clean_xml_attribute(std::string_view bytes);

}  // namespace isotest::report
