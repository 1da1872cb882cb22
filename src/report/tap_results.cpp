#include "report/tap_results.hpp"

#include <cctype>
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "isotest/report_limits.hpp"
#include "report/text_cut.hpp"

namespace isotest::report {
namespace {

// Subtests nested deeper than this are not read as TAP (their lines are ignored): the parser's
// memory stays small whatever the indentation.
constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kIndent = 4;  // TAP 14: a subtest is indented by four spaces

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool starts_with_word(std::string_view text, std::string_view word) {  // case-insensitive
    if (text.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// Leading decimal digits as a number (saturating), and how many there were.
std::optional<std::uint64_t> take_number(std::string_view& text) {
    std::size_t digits = 0;
    std::uint64_t value = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
        const std::uint64_t digit = static_cast<std::uint64_t>(text[digits] - '0');
        value = value > (UINT64_MAX - digit) / 10 ? UINT64_MAX : value * 10 + digit;
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    text.remove_prefix(digits);
    return value;
}

struct Directive {
    enum class Kind { none, skip, todo } kind = Kind::none;
    std::string reason;
};

// "SKIP reason" / "TODO reason" after a '#'; TAP 13 producers write "skipped" too.
Directive parse_directive(std::string_view comment) {
    comment = trimmed(comment);
    Directive directive;
    if (starts_with_word(comment, "skip")) {
        directive.kind = Directive::Kind::skip;
    } else if (starts_with_word(comment, "todo")) {
        directive.kind = Directive::Kind::todo;
    } else {
        return directive;
    }
    std::size_t word = 4;
    while (word < comment.size() && std::isalpha(static_cast<unsigned char>(comment[word]))) ++word;
    directive.reason = std::string(trimmed(comment.substr(word)));
    if (!directive.reason.empty() && directive.reason.front() == ':') {
        directive.reason = std::string(trimmed(std::string_view(directive.reason).substr(1)));
    }
    return directive;
}

struct Point {
    bool ok = false;
    std::optional<std::uint64_t> number;
    std::string description;  // "\#" and "\\" unescaped
    Directive directive;
};

std::optional<Point> parse_point(std::string_view line) {
    Point point;
    if (starts_with(line, "ok")) {
        point.ok = true;
        line.remove_prefix(2);
    } else if (starts_with(line, "not ok")) {
        line.remove_prefix(6);
    } else {
        return std::nullopt;
    }
    if (!line.empty() && line.front() != ' ' && line.front() != '\t') return std::nullopt;  // "okay"
    line = trimmed(line);
    point.number = take_number(line);
    line = trimmed(line);
    if (starts_with(line, "-")) line = trimmed(line.substr(1));
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '#' || line[i + 1] == '\\')) {
            point.description += line[++i];
        } else if (line[i] == '#') {
            point.directive = parse_directive(line.substr(i + 1));
            break;
        } else {
            point.description += line[i];
        }
    }
    point.description = std::string(trimmed(point.description));
    return point;
}

struct Plan {
    std::uint64_t count = 0;
    Directive directive;
};

std::optional<Plan> parse_plan(std::string_view line) {
    if (!starts_with(line, "1..")) return std::nullopt;
    line.remove_prefix(3);
    Plan plan;
    const std::optional<std::uint64_t> count = take_number(line);
    if (!count) return std::nullopt;
    plan.count = *count;
    line = trimmed(line);
    if (starts_with(line, "#")) {
        plan.directive = parse_directive(line.substr(1));
    } else if (!line.empty()) {
        return std::nullopt;
    }
    return plan;
}

bool failing(Verdict verdict) { return verdict == Verdict::failed || verdict == Verdict::errored; }

// One level of TAP: the whole stream, or one subtest.
struct Frame {
    std::string prefix;  // "" or "name/", "name/child/": the start of its cases' names
    std::optional<Plan> plan;
    std::optional<std::uint64_t> second_plan;
    std::uint64_t last = 0;    // the last test number
    std::uint64_t points = 0;  // test points read
    std::unordered_set<std::uint64_t> seen;
    std::uint64_t cases = 0;  // cases visited in it and its subtests
    bool failed = false;      // one of them failed or errored
};

class TapReader {
public:
    TapReader(const CaseFieldCaps& caps, const std::string& classname, const std::function<void(ReadCase&&)>& visit)
        : caps_(caps), classname_(classname), visit_(visit) {
        frames_.emplace_back();
    }

    bool read(std::string_view text) {
        while (!text.empty() && !bailed_out_) {
            const std::size_t end = text.find('\n');
            line(text.substr(0, end));
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        }
        flush_pending();
        if (!any_tap_) return false;
        while (frames_.size() > 1) close_top();
        finish(frames_.back());
        return true;
    }

private:
    std::size_t depth() const { return frames_.size() - 1; }

    void line(std::string_view raw) {
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        std::size_t indent = 0;
        while (indent < raw.size() && raw[indent] == ' ') ++indent;
        const std::string_view rest = raw.substr(indent);
        if (in_yaml_) {
            if (indent == yaml_indent_ && trimmed(rest) == "...") {
                in_yaml_ = false;
                flush_pending();
            } else {
                diagnostics_.append(raw.substr(std::min(indent, yaml_indent_)));
                diagnostics_.append("\n");
            }
            return;
        }
        if (pending_ && indent == depth() * kIndent + 2 && trimmed(rest) == "---") {
            in_yaml_ = true;
            yaml_indent_ = indent;
            return;
        }
        // Comment lines right after a test point are its diagnostics, as most producers write
        // them ("# Assertion failed in test.c on line 345: ..."): TAP 13's YAML is the rarer way.
        if (pending_ && indent == depth() * kIndent && starts_with(rest, "#") && !starts_with(rest, "# Subtest")) {
            std::string_view comment = rest.substr(1);
            if (starts_with(comment, " ")) comment.remove_prefix(1);
            diagnostics_.append(comment);
            diagnostics_.append("\n");
            return;
        }
        flush_pending();
        if (indent % kIndent != 0 || indent / kIndent > kMaxDepth) return;
        const std::size_t level = indent / kIndent;
        if (level == 0 && starts_with(rest, "TAP version ")) {
            any_tap_ = true;
        } else if (starts_with(rest, "Bail out!")) {
            bail_out(trimmed(rest.substr(9)));
        } else if (starts_with(rest, "# Subtest")) {
            std::string_view name = rest.substr(9);
            if (starts_with(name, ":")) name.remove_prefix(1);
            subtest(level, std::string(trimmed(name)));
        } else if (const std::optional<Plan> plan = parse_plan(rest)) {
            go_to(level);
            Frame& frame = frames_.back();
            if (frame.plan) {
                frame.second_plan = plan->count;
            } else {
                frame.plan = plan;
            }
        } else if (std::optional<Point> point = parse_point(rest)) {
            test_point(level, std::move(*point));
        }
    }

    // "# Subtest: name" names the subtest at `level` (TAP 14) or, at its parent's level as
    // older producers write it, the one below.
    void subtest(std::size_t level, std::string name) {
        any_tap_ = true;
        const bool names_level_below = next_name_ && next_name_level_ == level;  // older style, nested
        if (level > depth() && !names_level_below) {
            go_to(level - 1);
            open(std::move(name));
            return;
        }
        go_to(level);
        next_name_ = std::move(name);
        next_name_level_ = level + 1;
    }

    void open(std::string name) {
        const Frame& parent = frames_.back();
        if (name.empty()) name = "subtest " + std::to_string(parent.last + 1);
        Frame frame;
        frame.prefix = parent.prefix + name + "/";
        frames_.push_back(std::move(frame));
    }

    // Opens subtests down to `level`, or closes those below it (without a closing point).
    void go_to(std::size_t level) {
        any_tap_ = true;
        while (depth() > level) close_top();
        while (depth() < level) {
            std::string name;
            if (next_name_ && next_name_level_ == depth() + 1) name = std::move(*next_name_);
            next_name_.reset();
            open(std::move(name));
        }
    }

    struct Closed {
        std::uint64_t cases = 0;
        bool failed = false;
    };

    Closed close_top() {
        finish(frames_.back());
        const Closed closed{frames_.back().cases, frames_.back().failed};
        frames_.pop_back();
        frames_.back().cases += closed.cases;
        frames_.back().failed = frames_.back().failed || closed.failed;
        return closed;
    }

    void test_point(std::size_t level, Point point) {
        std::optional<Closed> closed;
        if (depth() > level) {
            while (depth() > level + 1) close_top();
            closed = close_top();  // the subtest this point closes
        } else {
            go_to(level);
        }
        next_name_.reset();
        Frame& frame = frames_.back();
        const std::uint64_t number = point.number.value_or(frame.last + 1);
        frame.last = number;
        ++frame.points;
        const bool duplicate = !frame.seen.insert(number).second;

        ReadCase read;
        TestCase& test_case = read.test_case;
        const std::string line = (point.ok ? "ok " : "not ok ") + std::to_string(number) +
                                 (point.description.empty() ? "" : " - " + point.description);
        set_name(read, frame.prefix + (point.description.empty() ? "test " + std::to_string(number) : point.description));
        std::string message;
        std::string output;
        if (point.directive.kind == Directive::Kind::skip) {
            test_case.verdict = Verdict::skipped;
            message = "SKIP" + (point.directive.reason.empty() ? "" : ": " + point.directive.reason);
        } else if (point.directive.kind == Directive::Kind::todo && !point.ok) {
            test_case.verdict = Verdict::skipped;
            message = "TODO (not ok, expected to fail)" +
                      (point.directive.reason.empty() ? "" : ": " + point.directive.reason);
        } else if (point.directive.kind == Directive::Kind::todo) {
            output = "TODO passed unexpectedly" + (point.directive.reason.empty() ? "" : ": " + point.directive.reason);
        } else if (!point.ok) {
            test_case.verdict = Verdict::failed;
            test_case.result_type = "tap.NotOk";
            message = line;
        }
        if (duplicate) {
            test_case.verdict = Verdict::errored;
            test_case.result_type = "tap.DuplicateNumber";
            message = "test number " + std::to_string(number) + " reported twice: " + line;
        }
        // A point closing a subtest stands for its children: a case only where they say nothing.
        if (closed && closed->cases > 0 && (!failing(test_case.verdict) || closed->failed)) return;
        set_message(read, message);
        if (!output.empty()) set_output(read, output);
        count(test_case.verdict);
        pending_ = std::move(read);
        diagnostics_ = CappedText(caps_.body_bytes);
    }

    // The last point's case with its diagnostics (a YAML block or comment lines): in a failure's
    // or skip's body, else in its output.
    void flush_pending() {
        if (!pending_) return;
        ReadCase read = std::move(*pending_);
        pending_.reset();
        in_yaml_ = false;
        const bool has_diagnostics = !diagnostics_.empty();
        const bool diagnostics_cut = diagnostics_.cut();
        const std::string diagnostics = diagnostics_.take();
        if (read.test_case.verdict != Verdict::passed) {
            CappedText detail(caps_.body_bytes);
            detail.append(read.test_case.message);
            if (has_diagnostics) {
                detail.append("\n");
                detail.append(diagnostics);
            }
            if (detail.cut() || diagnostics_cut) ++read.cuts.bodies;
            read.test_case.detail = detail.take();
        } else if (has_diagnostics) {
            set_output(read, read.test_case.system_out.empty() ? diagnostics
                                                                : read.test_case.system_out + "\n" + diagnostics);
            if (diagnostics_cut && read.cuts.outputs == 0) ++read.cuts.outputs;
        }
        visit_(std::move(read));
    }

    // A case isotest adds (a missing test, a plan problem, a bail-out, a skipped plan).
    void add(const std::string& name, Verdict verdict, const char* type, const std::string& message,
             const std::string& detail = {}) {
        ReadCase read;
        set_name(read, name);
        read.test_case.verdict = verdict;
        read.test_case.result_type = verdict == Verdict::skipped ? "" : type;
        set_message(read, message);
        bool cut = false;
        read.test_case.detail = capped(detail.empty() ? message : message + "\n" + detail, caps_.body_bytes, cut);
        if (cut) ++read.cuts.bodies;
        count(verdict);
        visit_(std::move(read));
    }

    void count(Verdict verdict) {
        ++frames_.back().cases;
        if (failing(verdict)) frames_.back().failed = true;
    }

    // What the plan says of the frame's points, once it is complete.
    void finish(Frame& frame) {
        if (bailed_out_) return;
        const std::string plan_case = frame.prefix + "plan";
        if (!frame.plan) {
            add(plan_case, Verdict::errored, "tap.Plan",
                "no plan (1..N): " + std::to_string(frame.points) +
                    " test points read; the run may have stopped before its end");
            return;
        }
        const std::uint64_t planned = frame.plan->count;
        if (planned == 0 && frame.points == 0) {
            const std::string reason = frame.plan->directive.reason;
            add(frame.prefix.empty() ? "all tests" : frame.prefix.substr(0, frame.prefix.size() - 1), Verdict::skipped, "",
                "SKIP (plan 1..0)" + (reason.empty() ? "" : ": " + reason));
            return;
        }
        if (frame.second_plan) {
            add(plan_case, Verdict::errored, "tap.Plan",
                "a second plan 1.." + std::to_string(*frame.second_plan) + " after 1.." + std::to_string(planned));
        }
        std::uint64_t in_plan = 0;
        for (const std::uint64_t number : frame.seen) in_plan += number >= 1 && number <= planned ? 1 : 0;
        if (frame.seen.size() > in_plan) {
            add(plan_case, Verdict::errored, "tap.Plan",
                "plan 1.." + std::to_string(planned) + ", but " + std::to_string(frame.seen.size() - in_plan) +
                    " test points numbered outside it");
        }
        const std::uint64_t missing = planned - in_plan;
        std::uint64_t listed = 0;
        for (std::uint64_t number = 1; number <= planned && listed < missing && missing_listed_ < limits::kOwnResultsCases;
             ++number) {
            if (frame.seen.count(number)) continue;
            ++listed;
            ++missing_listed_;
            add(frame.prefix + "test " + std::to_string(number), Verdict::errored, "tap.Missing",
                "test " + std::to_string(number) + " of plan 1.." + std::to_string(planned) + " was never reported");
        }
        if (missing > listed) {
            add(frame.prefix + "tests not listed", Verdict::errored, "tap.Missing",
                std::to_string(missing - listed) + " more tests of plan 1.." + std::to_string(planned) +
                    " were never reported (not listed one by one)");
        }
    }

    void bail_out(std::string_view reason) {
        any_tap_ = true;
        std::string never_ran;
        for (const Frame& frame : frames_) {
            if (!frame.plan) continue;
            std::uint64_t in_plan = 0;
            for (const std::uint64_t number : frame.seen) in_plan += number >= 1 && number <= frame.plan->count ? 1 : 0;
            never_ran += (frame.prefix.empty() ? std::string("the stream") : frame.prefix) + ": " +
                         std::to_string(frame.plan->count - in_plan) + " of plan 1.." +
                         std::to_string(frame.plan->count) + " never ran\n";
        }
        add(frames_.back().prefix + "Bail out!", Verdict::errored, "tap.BailOut",
            "Bail out!" + (reason.empty() ? std::string() : " " + std::string(reason)), never_ran);
        bailed_out_ = true;
    }

    void set_name(ReadCase& read, const std::string& name) {
        bool cut = false;
        read.test_case.name = capped(name, caps_.name_bytes, cut);
        if (cut) ++read.cuts.names;
        read.test_case.classname = capped(classname_, caps_.name_bytes, cut);
        if (cut) ++read.cuts.names;
    }
    void set_message(ReadCase& read, const std::string& message) {
        bool cut = false;
        read.test_case.message = capped(message, caps_.message_bytes, cut);
        if (cut) ++read.cuts.messages;
    }
    void set_output(ReadCase& read, const std::string& output) {
        bool cut = false;
        read.test_case.system_out = capped(output, caps_.output_bytes, cut);
        if (cut) ++read.cuts.outputs;
    }

    const CaseFieldCaps& caps_;
    const std::string& classname_;
    const std::function<void(ReadCase&&)>& visit_;
    std::vector<Frame> frames_;
    std::optional<ReadCase> pending_;  // the last point's case, until its diagnostics are read
    bool in_yaml_ = false;
    std::size_t yaml_indent_ = 0;
    CappedText diagnostics_;  // the pending case's YAML block or comment lines
    std::optional<std::string> next_name_;  // from "# Subtest: name", for the subtest at next_name_level_
    std::size_t next_name_level_ = 0;
    std::uint64_t missing_listed_ = 0;  // missing tests listed one by one, in every frame together
    bool any_tap_ = false;
    bool bailed_out_ = false;
};

}  // namespace

bool for_each_tap_case(std::string_view text, const CaseFieldCaps& caps, const std::string& classname,
                       const std::function<void(ReadCase&&)>& visit) {
    return TapReader(caps, classname, visit).read(text);
}

OwnResults read_tap_results(std::string_view stdout_text, std::size_t unread_bytes, const std::string& classname) {
    std::string unread;
    if (unread_bytes > 0) {
        unread = "stdout cut by --max-report-output: TAP in its middle " + std::to_string(unread_bytes) +
                 " bytes not read";
    }
    bool any_tap = false;
    OwnResults own = merge_own_cases(
        [&](const std::function<void(ReadCase&&)>& visit) {
            any_tap = for_each_tap_case(stdout_text, own_case_caps(), classname, visit);
        },
        "from TAP on stdout", std::move(unread));
    if (!any_tap) own.note = "no TAP on stdout" + (own.unread.empty() ? "" : "; " + own.unread);
    return own;
}

}  // namespace isotest::report
