#include "report/junit_render.hpp"

#include <tinyxml2.h>

#include <algorithm>

#include "isotest/report_limits.hpp"
#include "report/text_cut.hpp"
#include "report/time_text.hpp"
#include "report/xml_text.hpp"

namespace isotest::report {
namespace {

constexpr const char* default_suite_name = "isotest";

// Cleaning works on slices so a megabyte of hostile output is never copied whole; a slice
// never ends inside a UTF-8 sequence or between CR and LF, so slicing changes nothing.
constexpr std::size_t kTextSlice = 64 * 1024;
// Where a slice would pass the text limit, it is cleaned again in pieces this small to find
// where to stop.
constexpr std::size_t kCutSlice = 64;
// No text node passes libxml2's limit: room is kept for the marker.
constexpr std::size_t kTextLimit = limits::kXmlTextBytes - 64;
// libxml2 also refuses a start tag whose bytes in the file, attributes escaped ("&quot;" is six
// bytes for one), pass its lookup limit of kXmlTextBytes; a tag has at most four long values
// (a suite's name, package, hostname and timestamp).
constexpr std::size_t kAttributeLimit = limits::kAttributeBytes;
static_assert(4 * 6 * (kAttributeLimit + 64) < limits::kXmlTextBytes, "a start tag could pass libxml2's limit");

std::size_t slice_end(std::string_view text, std::size_t start, std::size_t size) {
    std::size_t end = std::min(text.size(), start + size);
    if (end == text.size()) return end;
    for (int back = 0; back < 3 && end > start + 1 &&
                       (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80; ++back) {
        --end;
    }
    if (text[end] == '\n' && text[end - 1] == '\r' && end > start + 1) --end;
    return end;
}

// Cleans `value` (for an attribute or for element text) slice by slice, handing each cleaned
// slice to `emit`, and stops before the cleaned text would pass `limit` bytes: what was not
// written is then named by a marker. (Cleaning can make text four times longer: "\xff".)
template <typename Emit>
void clean_in_slices(std::string_view value, bool attribute, std::size_t limit, const Emit& emit) {
    std::size_t written = 0;
    std::size_t slice = kTextSlice;
    for (std::size_t start = 0; start < value.size();) {
        const std::size_t end = slice_end(value, start, slice);
        const std::string_view raw = value.substr(start, end - start);
        const std::string cleaned = attribute ? clean_xml_attribute(raw) : clean_xml_text(raw);
        if (written + cleaned.size() > limit) {
            if (slice == kCutSlice) {
                emit(cut_marker(value.size() - start));
                return;
            }
            slice = kCutSlice;  // this slice again, in pieces, to stop close to the limit
            continue;
        }
        if (!cleaned.empty()) emit(cleaned);
        written += cleaned.size();
        start = end;
    }
}

class CleanPrinter {
public:
    explicit CleanPrinter(std::FILE* out = nullptr) : printer_(out) {}
    void open(const char* element) { printer_.OpenElement(element); }
    void close() { printer_.CloseElement(); }
    void attribute(const char* name, std::string_view value) {
        std::string cleaned;
        clean_in_slices(value, true, kAttributeLimit, [&](const std::string& slice) { cleaned += slice; });
        printer_.PushAttribute(name, cleaned.c_str());
    }
    void attribute(const char* name, std::size_t value) {
        printer_.PushAttribute(name, static_cast<std::uint64_t>(value));
    }
    void text(std::string_view value) {
        clean_in_slices(value, false, kTextLimit, [&](const std::string& slice) { printer_.PushText(slice.c_str()); });
    }
    void text_element(const char* element, std::string_view value) {
        open(element);
        text(value);
        close();
    }
    void header() { printer_.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\""); }
    std::string result() const {
        return std::string(printer_.CStr(), static_cast<std::size_t>(printer_.CStrSize() - 1));
    }

private:
    tinyxml2::XMLPrinter printer_;
};

const char* result_element(Verdict verdict) {
    switch (verdict) {
        case Verdict::failed: return "failure";
        case Verdict::errored: return "error";
        case Verdict::skipped: return "skipped";
        case Verdict::passed: break;
    }
    return nullptr;
}

void render_case(CleanPrinter& out, const TestCase& test_case, const std::string& suite_name) {
    out.open("testcase");
    out.attribute("name", test_case.name);
    out.attribute("classname", test_case.classname.empty() ? suite_name : test_case.classname);
    out.attribute("time", format_seconds(test_case.seconds.value_or(0.0)));
    if (const char* element = result_element(test_case.verdict)) {
        out.open(element);
        // <skipped> gets no type: the Ant schema (windyroad) allows none there.
        if (test_case.verdict != Verdict::skipped) {
            out.attribute("type", test_case.result_type.empty() ? element : test_case.result_type);
        }
        out.attribute("message", test_case.message);
        out.text(test_case.detail.empty() ? test_case.message : test_case.detail);
        out.close();
    }
    if (!test_case.system_out.empty()) out.text_element("system-out", test_case.system_out);
    if (!test_case.system_err.empty()) out.text_element("system-err", test_case.system_err);
    out.close();
}

void render_suite(CleanPrinter& out, const TestSuite& suite, std::size_t id) {
    const Counts counts = count(suite);
    const std::string name = suite.name.empty() ? default_suite_name : suite.name;
    out.open("testsuite");
    out.attribute("name", name);
    out.attribute("tests", counts.tests);
    out.attribute("failures", counts.failures);
    out.attribute("errors", counts.errors);
    out.attribute("skipped", counts.skipped);
    out.attribute("time", format_seconds(suite_seconds(suite)));
    if (!suite.timestamp.empty()) out.attribute("timestamp", suite.timestamp);
    if (!suite.hostname.empty()) out.attribute("hostname", suite.hostname);
    out.attribute("id", id);
    out.attribute("package", name);
    out.open("properties");
    for (const Property& property : suite.properties) {
        out.open("property");
        out.attribute("name", property.name);
        out.attribute("value", property.value);
        out.close();
    }
    out.close();
    for (const TestCase& test_case : suite.cases) render_case(out, test_case, name);
    // No empty elements: viewers draw an empty box for each.
    if (!suite.system_out.empty()) out.text_element("system-out", suite.system_out);
    if (!suite.system_err.empty()) out.text_element("system-err", suite.system_err);
    out.close();
}

void render_document(CleanPrinter& out, const JunitReport& report) {
    const Counts counts = count(report);
    double seconds = 0;
    for (const TestSuite& suite : report.suites) seconds += suite_seconds(suite);

    out.header();
    out.open("testsuites");
    out.attribute("tests", counts.tests);
    out.attribute("failures", counts.failures);
    out.attribute("errors", counts.errors);
    out.attribute("time", format_seconds(seconds));
    for (std::size_t id = 0; id < report.suites.size(); ++id) {
        render_suite(out, report.suites[id], id);
    }
    out.close();
}

}  // namespace

std::string render_junit_xml(const JunitReport& report) {
    CleanPrinter out;
    render_document(out, report);
    return out.result();
}

void render_junit_xml(const JunitReport& report, std::FILE* out) {
    CleanPrinter printer(out);
    render_document(printer, report);
}

}  // namespace isotest::report
