#include "report/summary.hpp"

#include <algorithm>

#include "report/hermeticity_summary.hpp"
#include "report/own_results.hpp"
#include "report/painter.hpp"
#include "report/time_text.hpp"
#include "report/xml_text.hpp"

namespace isotest::report {
namespace {

constexpr std::size_t slowest_count = 5;
constexpr std::size_t message_lines = 4;
constexpr std::size_t line_width = 200;

// Text from a report file goes to a terminal: escape sequences in it become visible markers
// instead of being obeyed.
std::string printable(const std::string& text) { return clean_xml_attribute(text); }

std::string case_label(const TestCase& test_case) {
    return printable(test_case.classname.empty() ? test_case.name
                                                 : test_case.classname + "." + test_case.name);
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (line.size() > line_width) line = line.substr(0, line_width) + "...";
        if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// The message's first line, then the body's lines (which often repeat the message first).
std::vector<std::string> first_lines(const TestCase& test_case) {
    std::vector<std::string> lines;
    const std::vector<std::string> message = split_lines(clean_xml_text(test_case.message));
    if (!message.empty()) lines.push_back(message.front());
    for (const std::string& line : split_lines(clean_xml_text(test_case.detail))) {
        if (lines.size() >= message_lines) break;
        if (lines.size() == 1 && line == lines.front()) continue;
        lines.push_back(line);
    }
    if (lines.empty()) lines.push_back("(no message)");
    return lines;
}

void print_problems(std::ostream& out, const std::vector<LoadedReport>& reports, const Painter& paint) {
    bool any = false;
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            for (const TestCase& test_case : suite.cases) {
                if (test_case.verdict != Verdict::failed && test_case.verdict != Verdict::errored) {
                    continue;
                }
                if (!any) out << paint.bold("Failures and errors:") << '\n';
                any = true;
                const std::string label = test_case.verdict == Verdict::failed ? "FAILED" : "ERROR ";
                out << "  " << paint.red(label) << ' ' << case_label(test_case) << "  ("
                    << printable(input.path) << ")\n";
                for (const std::string& line : first_lines(test_case)) out << "      " << line << '\n';
            }
        }
    }
    if (any) out << '\n';
}

void print_slowest(std::ostream& out, const std::vector<LoadedReport>& reports, const Painter& paint) {
    std::vector<const TestCase*> timed;
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            for (const TestCase& test_case : suite.cases) {
                if (test_case.seconds) timed.push_back(&test_case);
            }
        }
    }
    if (timed.empty()) return;
    std::stable_sort(timed.begin(), timed.end(), [](const TestCase* a, const TestCase* b) {
        return *a->seconds > *b->seconds;
    });
    if (timed.size() > slowest_count) timed.resize(slowest_count);
    out << paint.bold("Slowest tests:") << '\n';
    for (const TestCase* test_case : timed) {
        const std::string seconds = format_seconds(*test_case->seconds);
        out << "  " << std::string(seconds.size() < 9 ? 9 - seconds.size() : 0, ' ') << seconds
            << " s  " << case_label(*test_case) << '\n';
    }
    out << '\n';
}

// The test's own results cut, left out, refused or malformed (hermeticity: its own section).
void print_isolation(std::ostream& out, const std::vector<LoadedReport>& reports, const Painter& paint) {
    std::vector<std::string> findings;
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            if (!property_value(suite, "isotest.version")) continue;
            const auto own = property_value(suite, "isotest.own_results");
            if (own && own_results_note_incomplete(*own)) {
                findings.push_back(printable(suite.name) + " (" + printable(input.path) +
                                   "): the test's own JUnit XML: " + printable(*own));
            }
        }
    }
    if (findings.empty()) return;
    out << paint.bold("Isolation:") << '\n';
    for (const std::string& finding : findings) out << "  " << paint.yellow(finding) << '\n';
    out << '\n';
}

void print_totals(std::ostream& out, const std::vector<LoadedReport>& reports, const Painter& paint) {
    Counts counts;
    double seconds = 0;
    std::size_t suites = 0;
    for (const LoadedReport& input : reports) {
        counts += count(input.report);
        for (const TestSuite& suite : input.report.suites) seconds += suite_seconds(suite);
        suites += input.report.suites.size();
    }
    const bool ok = counts.failures == 0 && counts.errors == 0;
    std::string totals = std::to_string(counts.tests) + " tests: " + std::to_string(counts.passed()) +
                         " passed, " + std::to_string(counts.failures) + " failed, " +
                         std::to_string(counts.errors) + " errors, " +
                         std::to_string(counts.skipped) + " skipped";
    out << (ok ? paint.green(totals) : paint.red(totals)) << " in " << format_seconds(seconds)
        << " s (" << reports.size() << " file" << (reports.size() == 1 ? "" : "s") << ", " << suites
        << " suite" << (suites == 1 ? "" : "s") << ")\n";
}

}  // namespace

void print_summary(std::ostream& out, const std::vector<LoadedReport>& reports, SummaryStyle style) {
    const Painter paint(style.colour);
    print_problems(out, reports, paint);
    print_slowest(out, reports, paint);
    print_hermeticity(out, hermeticity_of(reports), paint);
    print_isolation(out, reports, paint);
    print_totals(out, reports, paint);
}

}  // namespace isotest::report
