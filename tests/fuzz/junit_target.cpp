#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "own_results_check.hpp"
#include "isotest/report_limits.hpp"
#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/merge.hpp"
#include "report/own_results.hpp"
#include "report/xml_text.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

namespace {

bool same_counts(const report::Counts& a, const report::Counts& b) {
    return a.tests == b.tests && a.failures == b.failures && a.errors == b.errors && a.skipped == b.skipped;
}

// Same suites and cases, in order, with the same case names and verdicts. (Suite names and
// classnames may be filled in with defaults, message texts from bodies: a first render
// normalises; after that rendering must be a fixed point, checked separately.)
bool same_cases(const report::JunitReport& a, const report::JunitReport& b) {
    if (a.suites.size() != b.suites.size()) return false;
    for (std::size_t s = 0; s < a.suites.size(); ++s) {
        const auto& left = a.suites[s].cases;
        const auto& right = b.suites[s].cases;
        if (left.size() != right.size()) return false;
        for (std::size_t c = 0; c < left.size(); ++c) {
            // Names are cleaned (invalid UTF-8, control characters) when rendered.
            const bool same_name = report::clean_xml_attribute(left[c].name) == right[c].name;
            if (!same_name || left[c].verdict != right[c].verdict) return false;
        }
    }
    return true;
}

report::JunitReport must_parse(const std::string& xml, const char* what) {
    try {
        return report::parse_junit_xml(xml);
    } catch (const report::MalformedReport&) {
        FUZZ_CHECK(false, what);
    }
    return {};
}

}  // namespace

int junit(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_own_results(report::read_own_results(std::string(input)));
    report::JunitReport parsed;
    try {
        parsed = report::parse_junit_xml(input);
    } catch (const report::MalformedReport& error) {
        FUZZ_CHECK(error.line() >= 1, "a MalformedReport without a line number");
        return 0;
    }
    const report::OwnResults own = report::read_own_results(std::string(input));
    if (own.status == report::OwnResults::Status::merged) {
        FUZZ_CHECK(same_counts(own.read, report::count(parsed)), "the own results counted other cases than the reader");
    }

    // What isotest writes from a report it read must read back with the same cases, and from
    // the second render on the text must not change any more.
    const std::string rendered = report::render_junit_xml(parsed);
    const report::JunitReport reparsed = must_parse(rendered, "isotest cannot read back the XML it rendered");
    FUZZ_CHECK(same_counts(report::count(parsed), report::count(reparsed)), "counts changed through render + parse");
    FUZZ_CHECK(same_cases(parsed, reparsed), "cases or verdicts changed through render + parse");
    const std::string second = report::render_junit_xml(reparsed);
    const std::string third = report::render_junit_xml(must_parse(second, "isotest cannot read back its second render"));
    FUZZ_CHECK(second == third, "rendering a report isotest rendered is not a fixed point");

    std::vector<report::LoadedReport> inputs;
    inputs.push_back({"a.xml", parsed});
    inputs.push_back({"b.xml", reparsed});
    const report::JunitReport merged = report::merge_reports(std::move(inputs));
    report::Counts doubled = report::count(parsed);
    doubled += report::count(parsed);
    FUZZ_CHECK(same_counts(report::count(merged), doubled), "merging two reports does not add their counts");
    must_parse(report::render_junit_xml(merged), "isotest cannot read back a merged report it rendered");
    return 0;
}

}  // namespace isotest::fuzz
