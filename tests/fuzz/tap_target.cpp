#include <string>
#include <string_view>

#include "invariant.hpp"
#include "isotest/report_limits.hpp"
#include "own_results_check.hpp"
#include "report/junit_reader.hpp"
#include "report/junit_render.hpp"
#include "report/tap_results.hpp"
#include "targets.hpp"

namespace isotest::fuzz {

int tap(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (const char c : input) lines += c == '\n' ? 1 : 0;

    std::size_t visited = 0;
    report::Counts counted;
    const bool any_tap = report::for_each_tap_case(input, report::own_case_caps(), "fuzz", [&](report::ReadCase&& read) {
        ++visited;
        counted += read.test_case.verdict;
        FUZZ_CHECK(!read.test_case.name.empty(), "a TAP case without a name");
    });
    FUZZ_CHECK(any_tap || visited == 0, "cases from a stream without TAP");
    FUZZ_CHECK(visited <= 4 * lines + isotest::limits::kOwnResultsCases, "more TAP cases than the bound");

    // Read as the test's own results, for either a whole or a cut stdout.
    for (const std::size_t unread : {std::size_t{0}, std::size_t{1000}}) {
        const report::OwnResults own = report::read_tap_results(input, unread, "fuzz");
        check_own_results(own);
        FUZZ_CHECK(own.read.tests == visited && own.read.failures == counted.failures &&
                       own.read.errors == counted.errors && own.read.skipped == counted.skipped,
                   "the own results counted other TAP cases than a pass over the stream");

        // Rendered, the cases read back as the same counts.
        report::JunitReport rendered;
        rendered.suites.push_back(report::TestSuite{"fuzz", 0.0, "", "", {}, own.cases, "", ""});
        report::JunitReport reparsed;
        try {
            reparsed = report::parse_junit_xml(report::render_junit_xml(rendered));
        } catch (const report::MalformedReport&) {
            FUZZ_CHECK(false, "isotest cannot read back the XML it rendered from TAP");
        }
        const report::Counts a = report::count(rendered), b = report::count(reparsed);
        FUZZ_CHECK(a.tests == b.tests && a.failures == b.failures && a.errors == b.errors && a.skipped == b.skipped,
                   "TAP case counts changed through render + parse");
    }
    return 0;
}

}  // namespace isotest::fuzz
