#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/merge.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

bool same_counts(const report::Counts& a, const report::Counts& b) {
    return a.tests == b.tests && a.failures == b.failures && a.errors == b.errors && a.skipped == b.skipped;
}

// Same suites and cases, in order, with the same names and verdicts. (Message texts are left
// out: an empty message is filled in from the body when read back.)
bool same_structure(const report::JunitReport& a, const report::JunitReport& b) {
    if (a.suites.size() != b.suites.size()) return false;
    for (std::size_t s = 0; s < a.suites.size(); ++s) {
        const auto& left = a.suites[s];
        const auto& right = b.suites[s];
        if (left.name != right.name || left.cases.size() != right.cases.size()) return false;
        for (std::size_t c = 0; c < left.cases.size(); ++c) {
            const auto& x = left.cases[c];
            const auto& y = right.cases[c];
            // A missing classname is written as the suite's name.
            const bool same_class = x.classname.empty() ? y.classname == left.name : x.classname == y.classname;
            if (x.name != y.name || !same_class || x.verdict != y.verdict) return false;
        }
    }
    return true;
}

}  // namespace

int junit(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    report::JunitReport parsed;
    try {
        parsed = report::parse_junit_xml(input);
    } catch (const report::MalformedReport& error) {
        FUZZ_CHECK(error.line() >= 1, "a MalformedReport without a line number");
        return 0;
    }

    // What isotest writes from a report it read must read back the same.
    const std::string rendered = report::render_junit_xml(parsed);
    report::JunitReport reparsed;
    try {
        reparsed = report::parse_junit_xml(rendered);
    } catch (const report::MalformedReport&) {
        FUZZ_CHECK(false, "isotest cannot read back the XML it rendered");
    }
    FUZZ_CHECK(same_counts(report::count(parsed), report::count(reparsed)), "counts changed through render + parse");
    FUZZ_CHECK(same_structure(parsed, reparsed), "suites, cases or verdicts changed through render + parse");

    std::vector<report::LoadedReport> inputs;
    inputs.push_back({"a.xml", parsed});
    inputs.push_back({"b.xml", reparsed});
    const report::JunitReport merged = report::merge_reports(std::move(inputs));
    report::Counts doubled = report::count(parsed);
    doubled += report::count(parsed);
    FUZZ_CHECK(same_counts(report::count(merged), doubled), "merging two reports does not add their counts");
    try {
        report::parse_junit_xml(report::render_junit_xml(merged));
    } catch (const report::MalformedReport&) {
        FUZZ_CHECK(false, "isotest cannot read back a merged report it rendered");
    }
    return 0;
}

}  // namespace isotest::fuzz
