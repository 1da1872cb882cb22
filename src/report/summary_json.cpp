#include "report/summary_json.hpp"

#include "report/hermeticity_summary.hpp"
#include "report/json_writer.hpp"
#include "report/own_results.hpp"

namespace isotest::report {

namespace {

void write_totals(JsonWriter& json, const Counts& counts) {
    json.begin_object();
    for (const auto& [name, value] : {std::pair{"tests", counts.tests}, std::pair{"passed", counts.passed()},
                                      std::pair{"failures", counts.failures}, std::pair{"errors", counts.errors},
                                      std::pair{"skipped", counts.skipped}}) {
        json.key(name);
        json.number(value);
    }
    json.end_object();
}

void write_failures(JsonWriter& json, const std::vector<LoadedReport>& reports) {
    json.begin_array();
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            for (const TestCase& test_case : suite.cases) {
                if (test_case.verdict != Verdict::failed && test_case.verdict != Verdict::errored) continue;
                json.begin_object();
                json.key("test");
                json.string(test_case.classname.empty() ? test_case.name : test_case.classname + "." + test_case.name);
                json.key("verdict");
                json.string(test_case.verdict == Verdict::failed ? "failed" : "errored");
                json.key("message");
                json.string(test_case.message);
                json.key("report");
                json.string(input.path);
                json.end_object();
            }
        }
    }
    json.end_array();
}

void write_own_results(JsonWriter& json, const std::vector<LoadedReport>& reports) {
    json.begin_array();
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            const auto own = property_value(suite, "isotest.own_results");
            if (!property_value(suite, "isotest.version") || !own || !own_results_note_incomplete(*own)) continue;
            json.begin_object();
            json.key("test");
            json.string(suite.name);
            json.key("report");
            json.string(input.path);
            json.key("detail");
            json.string(*own);
            json.end_object();
        }
    }
    json.end_array();
}

}  // namespace

std::string summary_json(const std::vector<LoadedReport>& reports) {
    Counts counts;
    std::size_t suites = 0;
    for (const LoadedReport& input : reports) {
        counts += count(input.report);
        suites += input.report.suites.size();
    }
    std::string out;
    JsonWriter json(out);
    json.begin_object();
    json.key("files");
    json.number(reports.size());
    json.key("suites");
    json.number(suites);
    json.key("totals");
    write_totals(json, counts);
    json.key("failures");
    write_failures(json, reports);
    json.key("hermeticity");
    write_hermeticity_json(json, hermeticity_of(reports));
    json.key("own_results_incomplete");
    write_own_results(json, reports);
    json.end_object();
    return out + "\n";
}

}  // namespace isotest::report
