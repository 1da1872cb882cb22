#include "report/own_results.hpp"

#include <algorithm>

#include "isotest/report_limits.hpp"

namespace isotest::report {
namespace {

constexpr CaseFieldCaps kCaps{limits::kOwnNameBytes, limits::kOwnMessageBytes, limits::kOwnBodyBytes,
                              limits::kOwnOutputBytes};

std::string plural(std::size_t count, const std::string& noun, const std::string& nouns = {}) {
    return std::to_string(count) + " " + (count == 1 ? noun : nouns.empty() ? noun + "s" : nouns);
}

// The markup of a file, counted without parsing it: what tinyxml2's tree for it will hold.
struct Markup {
    std::size_t tags = 0;        // '<': elements, closing tags, comments, declarations
    std::size_t texts = 0;       // runs of text between tags (whitespace alone makes no node)
    std::size_t attributes = 0;  // '='

    // At most what tinyxml2 allocates for the tree: each node is one of these.
    std::size_t tree_bytes() const {
        return tags * limits::kTreeBytesPerTag + texts * limits::kTreeBytesPerText +
               attributes * limits::kTreeBytesPerAttribute;
    }
};

Markup count_markup(std::string_view xml) {
    Markup markup;
    bool after_tag = true;  // text before the first tag is a node too
    bool in_text = false;
    for (const char c : xml) {
        if (c == '<') {
            ++markup.tags;
            after_tag = in_text = false;
        } else if (c == '>') {
            after_tag = true;
            in_text = false;
        } else if (c == '=') {
            ++markup.attributes;
        }
        if (after_tag && !in_text && c != '>' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            ++markup.texts;  // an over-count where '>' stands inside a value: the bound still holds
            in_text = true;
        }
    }
    return markup;
}

// Why the file is not parsed at all, or empty.
std::string refusal(std::string_view xml) {
    if (xml.size() > limits::kOwnResultsFileBytes) {
        return std::to_string(xml.size()) + " bytes, over the " + std::to_string(limits::kOwnResultsFileBytes) +
               " isotest reads";
    }
    const Markup markup = count_markup(xml);
    if (markup.tree_bytes() <= limits::kOwnResultsTreeBytes) return {};
    return std::to_string(markup.tags) + " tags, " + std::to_string(markup.texts) + " texts and " +
           std::to_string(markup.attributes) + " attributes would take up to " + std::to_string(markup.tree_bytes()) +
           " bytes to parse, over the " + std::to_string(limits::kOwnResultsTreeBytes) + " isotest spends";
}

bool fails(const TestCase& test_case) {
    return test_case.verdict == Verdict::failed || test_case.verdict == Verdict::errored;
}

std::size_t text_bytes(const TestCase& test_case) {
    return test_case.name.size() + test_case.classname.size() + test_case.result_type.size() +
           test_case.message.size() + test_case.detail.size() + test_case.system_out.size() +
           test_case.system_err.size();
}

// Which cases are merged: failed and errored ones first, then the rest, each in document order,
// while the case cap and the text budget last. A case is merged whole (fields cut to their
// caps) or not at all.
class Selection {
public:
    // May `test_case` be merged? Takes its share of the cap and the budget if so.
    bool admit(const TestCase& test_case) {
        if (admitted_ >= limits::kOwnResultsCases) {
            past_case_cap_ = true;
            return false;
        }
        const std::size_t bytes = text_bytes(test_case);
        if (bytes > budget_) {
            past_text_budget_ = true;
            return false;
        }
        budget_ -= bytes;
        ++admitted_;
        return true;
    }
    // Why cases were left out, e.g. "the 5000-case cap".
    std::string reasons() const {
        std::string text;
        if (past_case_cap_) text = "the " + std::to_string(limits::kOwnResultsCases) + "-case cap";
        if (past_text_budget_) {
            if (!text.empty()) text += " and ";
            text += "the " + std::to_string(limits::kOwnResultsTextBytes) + "-byte text budget";
        }
        return text;
    }

private:
    std::size_t admitted_ = 0;
    std::size_t budget_ = limits::kOwnResultsTextBytes;
    bool past_case_cap_ = false;
    bool past_text_budget_ = false;
};

// Fills own.cases, own.read and own.left_out; returns why cases were left out, if any were.
std::string merge_cases(const CaseSource& source, OwnResults& own) {
    Selection selection;
    std::vector<bool> failing_admitted;  // by failing case, in order
    source([&](ReadCase&& read) {
        own.read += read.test_case.verdict;
        if (fails(read.test_case)) failing_admitted.push_back(selection.admit(read.test_case));
    });
    // One more: the run's own case may join them in the report.
    own.cases.reserve(std::min<std::size_t>(own.read.tests, limits::kOwnResultsCases) + 1);
    std::size_t failing = 0;
    source([&](ReadCase&& read) {
        const bool merged = fails(read.test_case) ? failing_admitted[failing++] : selection.admit(read.test_case);
        if (merged) {
            own.cuts += read.cuts;
            own.cases.push_back(std::move(read.test_case));
        } else {
            own.left_out += read.test_case.verdict;
        }
    });
    return selection.reasons();
}

std::string cut_fields(const CaseFieldCuts& cuts) {
    std::vector<std::string> parts;
    const auto add = [&](std::size_t count, const char* noun, const char* nouns, std::size_t cap) {
        if (count > 0) parts.push_back(plural(count, noun, nouns) + " to " + std::to_string(cap) + " bytes");
    };
    add(cuts.names, "name", "names", limits::kOwnNameBytes);
    add(cuts.messages, "message", "messages", limits::kOwnMessageBytes);
    add(cuts.bodies, "failure body", "failure bodies", limits::kOwnBodyBytes);
    add(cuts.outputs, "output", "outputs", limits::kOwnOutputBytes);
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

}  // namespace

bool OwnResults::incomplete() const {
    return status == Status::malformed || status == Status::refused || left_out.tests > 0 || cuts.any() ||
           !unread.empty();
}

const CaseFieldCaps& own_case_caps() { return kCaps; }

OwnResults merge_own_cases(const CaseSource& source, const std::string& source_name, std::string unread) {
    OwnResults own;
    own.unread = std::move(unread);
    const std::string left_out_because = merge_cases(source, own);
    const std::string from = source_name.empty() ? "" : " " + source_name;
    if (own.read.tests == 0) {
        own.status = OwnResults::Status::no_cases;
        own.note = "no test cases" + from;
    } else {
        own.status = OwnResults::Status::merged;
        if (own.left_out.tests == 0) {
            own.note = "merged " + plural(own.cases.size(), "test case") + from;
        } else {
            const Counts& out = own.left_out;
            own.note = "merged " + std::to_string(own.cases.size()) + " of " + plural(own.read.tests, "test case") +
                       from + "; left out " + std::to_string(out.tests) + " (" + std::to_string(out.failures) +
                       " failed, " + std::to_string(out.errors) + " errors, " + std::to_string(out.skipped) +
                       " skipped) past " + left_out_because;
        }
        if (own.cuts.any()) own.note += "; cut " + cut_fields(own.cuts);
    }
    if (!own.unread.empty()) own.note += "; " + own.unread;
    return own;
}

OwnResults read_own_results(std::string own_xml, std::string_view refused) {
    OwnResults own;
    std::string refused_because(refused);
    if (refused_because.empty() && !own_xml.empty()) refused_because = refusal(own_xml);
    if (!refused_because.empty()) {
        own.status = OwnResults::Status::refused;
        own.note = "refused (" + refused_because + "); ignored";
        return own;
    }
    if (own_xml.empty()) return own;
    try {
        const JunitCases document(own_xml);  // freed before the report is rendered
        std::string().swap(own_xml);         // the document holds its own copy: not held twice
        return merge_own_cases([&](const std::function<void(ReadCase&&)>& visit) { document.for_each(kCaps, visit); },
                               "");
    } catch (const MalformedReport& error) {
        own = OwnResults();
        own.status = OwnResults::Status::malformed;
        bool cut = false;  // the problem can quote an element's name, which the test chose
        own.note = "malformed (line " + std::to_string(error.line()) + ": " +
                   capped(error.what(), limits::kOwnNameBytes, cut) + "); ignored";
        return own;
    }
}

// Only such notes have a second clause ("; ignored", "; left out ...", "; cut ...").
bool own_results_note_incomplete(std::string_view note) { return note.find("; ") != std::string_view::npos; }

bool own_results_explain(const OwnResults& own, Verdict run_verdict, bool clean_exit) {
    if (own.status != OwnResults::Status::merged || own.cases.empty() || !clean_exit) return false;
    if (run_verdict == Verdict::passed) return true;
    if (run_verdict != Verdict::failed) return false;
    return std::any_of(own.cases.begin(), own.cases.end(), [](const TestCase& test_case) { return fails(test_case); });
}

}  // namespace isotest::report
