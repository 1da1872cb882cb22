#include "report/junit_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include <tinyxml2.h>

#include "report/time_text.hpp"

namespace isotest::report {
namespace {

using tinyxml2::XMLElement;

std::string attribute(const XMLElement& element, const char* name) {
    const char* value = element.Attribute(name);
    return value == nullptr ? std::string() : std::string(value);
}

// All text (and CDATA) directly inside an element.
std::string text_of(const XMLElement& element) {
    std::string text;
    for (const tinyxml2::XMLNode* node = element.FirstChild(); node != nullptr;
         node = node->NextSibling()) {
        if (const tinyxml2::XMLText* piece = node->ToText()) text += piece->Value();
    }
    return text;
}

std::string first_line(const std::string& text) {
    const auto start = text.find_first_not_of(" \t\n");
    if (start == std::string::npos) return {};
    const auto end = text.find('\n', start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
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

TestCase read_case(const XMLElement& element) {
    TestCase test_case;
    if (element.Attribute("name") == nullptr) {
        throw MalformedReport(element.GetLineNum(), "<testcase> has no name attribute");
    }
    test_case.name = attribute(element, "name");
    test_case.classname = attribute(element, "classname");
    test_case.seconds = parse_seconds(attribute(element, "time"));

    std::vector<std::string> bodies;
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
            test_case.system_out += text_of(*child);
            continue;
        } else if (is(*child, "system-err")) {
            test_case.system_err += text_of(*child);
            continue;
        } else {
            continue;  // <properties>, rerun/flaky records, vendor extensions
        }
        std::string message = attribute(*child, "message");
        std::string body = text_of(*child);
        if (message.empty()) message = first_line(body);
        if (!body.empty()) {
            bodies.push_back(body);
        } else if (!message.empty()) {
            bodies.push_back(message);
        }
        if (rank(verdict) > rank(test_case.verdict)) {
            test_case.verdict = verdict;
            test_case.result_type = attribute(*child, "type");
            test_case.message = message;
        }
    }
    // Disabled tests: GoogleTest writes status="notrun", CTest status="disabled", neither
    // with a <skipped> element.
    const std::string status = attribute(element, "status");
    if (test_case.verdict == Verdict::passed && (status == "notrun" || status == "disabled")) {
        test_case.verdict = Verdict::skipped;
        test_case.message = "disabled (status=\"" + status + "\")";
    }
    for (const std::string& body : bodies) {
        if (!test_case.detail.empty()) test_case.detail += '\n';
        test_case.detail += body;
    }
    return test_case;
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

void read_suite(const XMLElement& element, std::vector<TestSuite>& suites) {
    const std::size_t index = suites.size();
    suites.emplace_back();
    {
        TestSuite& suite = suites[index];
        suite.name = attribute(element, "name");
        suite.seconds = parse_seconds(attribute(element, "time"));
        suite.timestamp = normalize_timestamp(attribute(element, "timestamp"));
        suite.hostname = attribute(element, "hostname");
    }
    bool has_nested_suites = false;
    for (const XMLElement* child = element.FirstChildElement(); child != nullptr;
         child = child->NextSiblingElement()) {
        if (is(*child, "testcase")) {
            suites[index].cases.push_back(read_case(*child));
        } else if (is(*child, "testsuite")) {
            has_nested_suites = true;
            read_suite(*child, suites);  // may reallocate: index, not a reference, is kept
        } else if (is(*child, "properties")) {
            read_properties(*child, suites[index]);
        } else if (is(*child, "system-out")) {
            suites[index].system_out += text_of(*child);
        } else if (is(*child, "system-err")) {
            suites[index].system_err += text_of(*child);
        }
    }
    if (has_nested_suites && suites[index].cases.empty()) {
        suites.erase(suites.begin() + static_cast<std::ptrdiff_t>(index));
    }
}

int line_of_offset(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
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

JunitReport parse_junit_xml(std::string_view xml) {
    // tinyxml2 reads C strings: a NUL would silently end the document early.
    if (const auto nul = xml.find('\0'); nul != std::string_view::npos) {
        throw MalformedReport(line_of_offset(xml, nul), "NUL byte (not allowed in XML)");
    }
    tinyxml2::XMLDocument document(true, tinyxml2::PRESERVE_WHITESPACE);
    if (document.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
        throw MalformedReport(std::max(1, document.ErrorLineNum()), describe_parse_error(document));
    }
    const XMLElement* root = document.RootElement();
    if (root == nullptr) throw MalformedReport(1, "no root element");

    // tinyxml2 tolerates several top-level elements; a second one would be silently lost.
    if (const XMLElement* second = root->NextSiblingElement()) {
        throw MalformedReport(second->GetLineNum(), std::string("a second root element <") +
                                                        second->Name() + "> (only one is allowed)");
    }
    JunitReport report;
    if (is(*root, "testsuite")) {
        read_suite(*root, report.suites);
    } else if (is(*root, "testsuites")) {
        for (const XMLElement* child = root->FirstChildElement(); child != nullptr;
             child = child->NextSiblingElement()) {
            if (is(*child, "testsuite")) {
                read_suite(*child, report.suites);
            } else if (is(*child, "testcase")) {
                throw MalformedReport(child->GetLineNum(), "<testcase> outside a <testsuite>");
            }
        }
    } else {
        throw MalformedReport(root->GetLineNum(), std::string("root element is <") + root->Name() +
                                                      ">, expected <testsuites> or <testsuite>");
    }
    return report;
}

}  // namespace isotest::report
