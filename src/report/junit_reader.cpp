#include "report/junit_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include <tinyxml2.h>

#include "isotest/report_limits.hpp"
#include "report/time_text.hpp"

namespace isotest::report {
namespace {

using tinyxml2::XMLElement;

// An attribute's value, cut to `cap`; counts a cut in `cuts`.
std::string attribute(const XMLElement& element, const char* name, std::size_t cap = kUncapped,
                      std::size_t* cuts = nullptr) {
    const char* value = element.Attribute(name);
    if (value == nullptr) return {};
    bool cut = false;
    std::string text = capped(value, cap, cut);
    if (cut && cuts != nullptr) ++*cuts;
    return text;
}

// All text (and CDATA) directly inside an element, added to `text`.
void append_text_of(const XMLElement& element, CappedText& text) {
    for (const tinyxml2::XMLNode* node = element.FirstChild(); node != nullptr; node = node->NextSibling()) {
        if (const tinyxml2::XMLText* piece = node->ToText()) text.append(piece->Value());
    }
}

std::string text_of(const XMLElement& element) {
    CappedText text;
    append_text_of(element, text);
    return text.take();
}

bool has_text(const XMLElement& element) {
    for (const tinyxml2::XMLNode* node = element.FirstChild(); node != nullptr; node = node->NextSibling()) {
        if (const tinyxml2::XMLText* piece = node->ToText(); piece != nullptr && piece->Value()[0] != '\0') return true;
    }
    return false;
}

// The first line of the element's text that is not blank, cut to `cap`: the message of a
// failure that has none but a body.
std::string first_line_of(const XMLElement& element, std::size_t cap, bool& cut) {
    CappedText line(cap);
    bool started = false;
    for (const tinyxml2::XMLNode* node = element.FirstChild(); node != nullptr; node = node->NextSibling()) {
        const tinyxml2::XMLText* piece = node->ToText();
        if (piece == nullptr) continue;
        std::string_view text = piece->Value();
        if (!started) {
            const auto start = text.find_first_not_of(" \t\n");
            if (start == std::string_view::npos) continue;
            text.remove_prefix(start);
            started = true;
        }
        const auto end = text.find('\n');
        line.append(text.substr(0, end));
        if (end != std::string_view::npos) break;
    }
    cut = line.cut();
    return line.take();
}

bool is(const XMLElement& element, const char* name) {
    return std::strcmp(element.Name(), name) == 0;
}

int rank(Verdict verdict) {
    switch (verdict) {
        case Verdict::passed: return 0;
        case Verdict::skipped: return 1;
        case Verdict::failed: return 2;
        case Verdict::errored: return 3;
    }
    return 0;
}

// The text of a case's output elements, cut to the output cap.
class CaseOutput {
public:
    explicit CaseOutput(std::size_t cap) : text_(cap) {}
    void add(const XMLElement& element) { append_text_of(element, text_); }
    std::string take(CaseFieldCuts& cuts) {
        if (text_.cut()) ++cuts.outputs;
        return text_.take();
    }

private:
    CappedText text_;
};

// `suite`: the case's suite, whose name stands in for a missing classname; null keeps it empty.
ReadCase read_case(const XMLElement& element, const CaseFieldCaps& caps, const XMLElement* suite) {
    ReadCase read;
    TestCase& test_case = read.test_case;
    CaseFieldCuts& cuts = read.cuts;
    if (element.Attribute("name") == nullptr) {
        throw MalformedReport(element.GetLineNum(), "<testcase> has no name attribute");
    }
    test_case.name = attribute(element, "name", caps.name_bytes, &cuts.names);
    test_case.classname = attribute(element, "classname", caps.name_bytes, &cuts.names);
    if (test_case.classname.empty() && suite != nullptr) {
        test_case.classname = attribute(*suite, "name", caps.name_bytes, &cuts.names);
    }
    test_case.seconds = parse_seconds(attribute(element, "time", caps.name_bytes));

    CappedText detail(caps.body_bytes);  // every body, joined by newlines
    CaseOutput system_out(caps.output_bytes), system_err(caps.output_bytes);
    for (const XMLElement* child = element.FirstChildElement(); child != nullptr;
         child = child->NextSiblingElement()) {
        Verdict verdict = Verdict::passed;
        if (is(*child, "failure")) {
            verdict = Verdict::failed;
        } else if (is(*child, "error")) {
            verdict = Verdict::errored;
        } else if (is(*child, "skipped")) {
            verdict = Verdict::skipped;
        } else if (is(*child, "system-out")) {
            system_out.add(*child);
            continue;
        } else if (is(*child, "system-err")) {
            system_err.add(*child);
            continue;
        } else {
            continue;  // <properties>, rerun/flaky records, vendor extensions
        }
        std::size_t message_cuts = 0;
        std::string message = attribute(*child, "message", caps.message_bytes, &message_cuts);
        if (message.empty()) {
            bool cut = false;
            message = first_line_of(*child, caps.message_bytes, cut);
            message_cuts = cut ? 1 : 0;
        }
        if (has_text(*child) || !message.empty()) {
            if (!detail.empty()) detail.append("\n");
            if (has_text(*child)) {
                append_text_of(*child, detail);
            } else {
                detail.append(message);
            }
        }
        if (rank(verdict) > rank(test_case.verdict)) {
            test_case.verdict = verdict;
            test_case.result_type = attribute(*child, "type", caps.name_bytes, &cuts.names);
            test_case.message = std::move(message);
            cuts.messages += message_cuts;
        }
    }
    // Disabled tests: GoogleTest writes status="notrun", CTest status="disabled", neither
    // with a <skipped> element.
    const std::string status = attribute(element, "status", caps.name_bytes);
    if (test_case.verdict == Verdict::passed && (status == "notrun" || status == "disabled")) {
        test_case.verdict = Verdict::skipped;
        test_case.message = "disabled (status=\"" + status + "\")";
    }
    if (detail.cut()) ++cuts.bodies;
    test_case.detail = detail.take();
    test_case.system_out = system_out.take(cuts);
    test_case.system_err = system_err.take(cuts);
    return read;
}

void read_properties(const XMLElement& element, TestSuite& suite) {
    for (const XMLElement* property = element.FirstChildElement("property"); property != nullptr;
         property = property->NextSiblingElement("property")) {
        if (property->Attribute("name") == nullptr) continue;
        std::string value = property->Attribute("value") != nullptr ? attribute(*property, "value")
                                                                    : text_of(*property);
        suite.properties.push_back({attribute(*property, "name"), std::move(value)});
    }
}

// One <testsuite> with its own cases, properties and output (not those of suites inside it).
TestSuite read_suite(const XMLElement& element) {
    TestSuite suite;
    suite.name = attribute(element, "name");
    suite.seconds = parse_seconds(attribute(element, "time"));
    suite.timestamp = normalize_timestamp(attribute(element, "timestamp"));
    suite.hostname = attribute(element, "hostname");
    for (const XMLElement* child = element.FirstChildElement(); child != nullptr;
         child = child->NextSiblingElement()) {
        if (is(*child, "testcase")) {
            suite.cases.push_back(read_case(*child, {}, nullptr).test_case);
        } else if (is(*child, "properties")) {
            read_properties(*child, suite);
        } else if (is(*child, "system-out")) {
            suite.system_out += text_of(*child);
        } else if (is(*child, "system-err")) {
            suite.system_err += text_of(*child);
        }
    }
    return suite;
}

bool has_nested_suites(const XMLElement& element) { return element.FirstChildElement("testsuite") != nullptr; }

// Calls visit(suite) for every <testsuite> in document order, a suite before those inside it.
template <typename Visit>
void walk_suite(const XMLElement& suite, const Visit& visit) {
    visit(suite);
    for (const XMLElement* child = suite.FirstChildElement("testsuite"); child != nullptr;
         child = child->NextSiblingElement("testsuite")) {
        walk_suite(*child, visit);
    }
}

// The same from the root, which is either one <testsuite> or <testsuites> holding them.
template <typename Visit>
void walk_suites(const XMLElement& root, const Visit& visit) {
    if (is(root, "testsuite")) {
        walk_suite(root, visit);
        return;
    }
    for (const XMLElement* child = root.FirstChildElement(); child != nullptr; child = child->NextSiblingElement()) {
        if (is(*child, "testsuite")) {
            walk_suite(*child, visit);
        } else if (is(*child, "testcase")) {
            throw MalformedReport(child->GetLineNum(), "<testcase> outside a <testsuite>");
        }
    }
}

int line_of_offset(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Where the first element of `xml` with more than limits::kAttributesPerElement attributes, found as
// tinyxml2 would find its attributes: an element's start tag ends at a '>' outside the values,
// and a value is what stands between the quotes after a '='. Comments, declarations and closing
// tags are not elements; text (a '<' in it is always markup) is skipped.
std::optional<std::size_t> element_with_too_many_attributes(std::string_view xml) {
    enum class State { text, tag, element, value };
    State state = State::text;
    std::size_t attributes = 0, tag_start = 0;
    char quote = 0;
    bool after_equals = false;
    for (std::size_t i = 0; i < xml.size(); ++i) {
        const char c = xml[i];
        switch (state) {
            case State::text:
                if (c == '<') {
                    const bool element = i + 1 < xml.size() && xml[i + 1] != '!' && xml[i + 1] != '?' && xml[i + 1] != '/';
                    state = element ? State::element : State::tag;
                    attributes = 0;
                    tag_start = i;
                    after_equals = false;
                }
                break;
            case State::tag:
                if (c == '>') state = State::text;
                break;
            case State::element:
                if (c == '>') {
                    state = State::text;
                } else if (c == '=') {
                    if (++attributes > limits::kAttributesPerElement) return tag_start;
                    after_equals = true;
                } else if (after_equals && (c == '"' || c == '\'')) {
                    quote = c;
                    state = State::value;
                } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    after_equals = false;
                }
                break;
            case State::value:
                if (c == quote) {
                    state = State::element;
                    after_equals = false;
                }
                break;
        }
    }
    return std::nullopt;
}

std::string describe_parse_error(const tinyxml2::XMLDocument& document) {
    // tinyxml2's ErrorStr() reads "Error=XML_ERROR_X ErrorID=N (0xN) Line number=L[: detail]".
    std::string name = document.ErrorName();
    const std::string prefix = "XML_ERROR_";
    if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
    std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    std::string problem = "not well-formed XML (" + name + ")";
    const std::string full = document.ErrorStr();
    const auto detail_at = full.find(": ");
    if (detail_at != std::string::npos) {
        std::string detail = full.substr(detail_at + 2);
        const std::string element_prefix = "XMLElement name=";
        if (detail.rfind(element_prefix, 0) == 0) {
            detail = "in <" + detail.substr(element_prefix.size()) + ">";
        }
        problem += " " + detail;
    }
    return problem;
}

}  // namespace

CaseFieldCuts& CaseFieldCuts::operator+=(const CaseFieldCuts& other) {
    names += other.names;
    messages += other.messages;
    bodies += other.bodies;
    outputs += other.outputs;
    return *this;
}

JunitCases::JunitCases(std::string_view xml)
    : document_(std::make_unique<tinyxml2::XMLDocument>(true, tinyxml2::PRESERVE_WHITESPACE)) {
    // tinyxml2 reads C strings: a NUL would silently end the document early.
    if (const auto nul = xml.find('\0'); nul != std::string_view::npos) {
        throw MalformedReport(line_of_offset(xml, nul), "NUL byte (not allowed in XML)");
    }
    if (const auto crowded = element_with_too_many_attributes(xml)) {
        throw MalformedReport(line_of_offset(xml, *crowded),
                              "an element with more than " + std::to_string(limits::kAttributesPerElement) +
                                  " attributes (isotest parses no more on one element)");
    }
    if (document_->Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
        throw MalformedReport(std::max(1, document_->ErrorLineNum()), describe_parse_error(*document_));
    }
    const XMLElement* root = document_->RootElement();
    if (root == nullptr) throw MalformedReport(1, "no root element");

    // tinyxml2 tolerates several top-level elements; a second one would be silently lost.
    if (const XMLElement* second = root->NextSiblingElement()) {
        throw MalformedReport(second->GetLineNum(), std::string("a second root element <") +
                                                        second->Name() + "> (only one is allowed)");
    }
    if (!is(*root, "testsuite") && !is(*root, "testsuites")) {
        throw MalformedReport(root->GetLineNum(), std::string("root element is <") + root->Name() +
                                                      ">, expected <testsuites> or <testsuite>");
    }
}

JunitCases::~JunitCases() = default;

void JunitCases::for_each(const CaseFieldCaps& caps, const std::function<void(ReadCase&&)>& visit) const {
    walk_suites(*document_->RootElement(), [&](const XMLElement& suite) {
        for (const XMLElement* child = suite.FirstChildElement("testcase"); child != nullptr;
             child = child->NextSiblingElement("testcase")) {
            visit(read_case(*child, caps, &suite));
        }
    });
}

JunitReport JunitCases::report() const {
    JunitReport report;
    walk_suites(*document_->RootElement(), [&](const XMLElement& element) {
        TestSuite suite = read_suite(element);
        // A suite that only holds other suites is a mere container.
        if (!suite.cases.empty() || !has_nested_suites(element)) report.suites.push_back(std::move(suite));
    });
    return report;
}

JunitReport parse_junit_xml(std::string_view xml) { return JunitCases(xml).report(); }

}  // namespace isotest::report
