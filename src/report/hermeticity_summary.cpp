#include "report/hermeticity_summary.hpp"

#include <algorithm>

#include "report/xml_text.hpp"

namespace isotest::report {

namespace {

constexpr std::size_t kDetailWidth = 160;

struct Group {
    const char* heading;   // on the terminal
    const char* json_key;
};

constexpr std::array<Group, kBreachKinds> kGroups = {{
    {"wrote outside their writable paths", "wrote_outside_writable_paths"},
    {"left processes running", "left_processes_running"},
    {"tried the network", "tried_the_network"},
    {"hit the memory limit", "hit_the_memory_limit"},
    {"hit the process limit", "hit_the_process_limit"},
}};

// "none", empty, or "not recorded: why" (isotest.network_attempts without /dev/net/tun): no
// offence to list.
bool says_something(const std::optional<std::string>& value) {
    return value && !value->empty() && *value != "none" && value->rfind("not recorded: ", 0) != 0;
}

bool says_true(const std::optional<std::string>& value) { return value && *value == "true"; }

// Text from a report file goes to a terminal: escape sequences become visible markers, and a
// long list is cut (the JSON has it whole).
std::string shown(const std::string& text) {
    std::string line = clean_xml_attribute(text);
    std::replace(line.begin(), line.end(), '\n', ' ');
    if (line.size() > kDetailWidth) line = line.substr(0, kDetailWidth) + "...";
    return line;
}

}  // namespace

Hermeticity hermeticity_of(const std::vector<LoadedReport>& reports) {
    Hermeticity hermeticity;
    for (const LoadedReport& input : reports) {
        for (const TestSuite& suite : input.report.suites) {
            if (!property_value(suite, "isotest.version")) continue;
            ++hermeticity.runs;
            bool offended = false;
            const auto add = [&](Breach breach, std::string detail) {
                hermeticity.groups[static_cast<std::size_t>(breach)].push_back({suite.name, input.path, std::move(detail)});
                offended = true;
            };
            for (const auto& [breach, name] : {std::pair{Breach::wrote_outside, "isotest.written_files"},
                                               std::pair{Breach::left_running, "isotest.leftover_processes"},
                                               std::pair{Breach::network, "isotest.network_attempts"}}) {
                if (const auto value = property_value(suite, name); says_something(value)) add(breach, *value);
            }
            if (says_true(property_value(suite, "isotest.memory_limit_hit"))) add(Breach::memory_limit, "");
            if (says_true(property_value(suite, "isotest.process_limit_hit"))) add(Breach::process_limit, "");
            if (offended) ++hermeticity.offending_runs;
        }
    }
    for (auto& group : hermeticity.groups) {
        std::stable_sort(group.begin(), group.end(),
                         [](const Offender& a, const Offender& b) { return a.test < b.test; });
    }
    return hermeticity;
}

void print_hermeticity(std::ostream& out, const Hermeticity& hermeticity, const Painter& paint) {
    if (hermeticity.runs == 0) return;
    const std::string runs = std::to_string(hermeticity.runs) + " isotest run" + (hermeticity.runs == 1 ? "" : "s");
    if (hermeticity.offending_runs == 0) {
        out << paint.bold("Hermeticity:") << " " << runs
            << ", none wrote outside its writable paths, left processes running, tried the network or hit a limit\n\n";
        return;
    }
    out << paint.bold("Hermeticity:") << " " << hermeticity.offending_runs << " of " << runs
        << " depend on or reach into the outside world\n";
    for (std::size_t kind = 0; kind < kBreachKinds; ++kind) {
        const auto& group = hermeticity.groups[kind];
        if (group.empty()) continue;
        out << "  " << kGroups[kind].heading << " (" << group.size() << "):\n";
        for (std::size_t i = 0; i < group.size() && i < kListedPerGroup; ++i) {
            const Offender& offender = group[i];
            out << "    " << paint.yellow(shown(offender.test));
            if (!offender.detail.empty()) out << "  " << shown(offender.detail);
            out << "  (" << shown(offender.report) << ")\n";
        }
        if (group.size() > kListedPerGroup) {
            out << "    and " << group.size() - kListedPerGroup
                << " more (isotest report --format json lists every one)\n";
        }
    }
    out << '\n';
}

void write_hermeticity_json(JsonWriter& json, const Hermeticity& hermeticity) {
    json.begin_object();
    json.key("isotest_runs");
    json.number(hermeticity.runs);
    json.key("not_hermetic");
    json.number(hermeticity.offending_runs);
    for (std::size_t kind = 0; kind < kBreachKinds; ++kind) {
        json.key(kGroups[kind].json_key);
        json.begin_array();
        for (const Offender& offender : hermeticity.groups[kind]) {
            json.begin_object();
            json.key("test");
            json.string(offender.test);
            json.key("report");
            json.string(offender.report);
            if (!offender.detail.empty()) {
                json.key("detail");
                json.string(offender.detail);
            }
            json.end_object();
        }
        json.end_array();
    }
    json.end_object();
}

}  // namespace isotest::report
