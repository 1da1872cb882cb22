#include "sandbox/subordinate_ids.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "sandbox/accounts.hpp"
#include "sandbox/syscall.hpp"
#include "sandbox/text_fields.hpp"

namespace isotest::subordinate_ids {

namespace {

constexpr unsigned long kIdSpace = 4294967295ul;  // ids 0 .. 2^32 - 2; (uid_t)-1 is no id
// The kernel takes at most 340 lines per map; isotest writes one per grant plus two.
constexpr std::size_t kMaxGrants = 64;
constexpr std::size_t kMaxFileBytes = 1u << 20;

std::optional<unsigned long> number(std::string_view text) {
    unsigned long value = 0;
    const char* const end = text.data() + text.size();
    const auto [parsed_to, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc{} || parsed_to != end) return std::nullopt;
    return value;
}

std::string_view take_until_colon(std::string_view& line) {
    const auto colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    line = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    return field;
}

// The user's name, for matching `name:start:count` lines; empty if the user has no entry.
std::string user_name(uid_t uid) {
    accounts::use_local_files_only();
    passwd entry {};
    passwd* found = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) != 0 || !found) return "";
    return found->pw_name;
}

// The file's text, or nullopt (with why_not set) if it cannot be read.
std::optional<std::string> read_grants_file(const char* path, std::string& why_not) {
    const sys::UniqueFd file(::open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    std::string text;
    if (!file.valid() || !sys::read_to_end(file.get(), text, kMaxFileBytes)) {
        why_not = std::string(path) + ": " + std::strerror(errno);
        return std::nullopt;
    }
    return text;
}

}  // namespace

std::vector<Grant> grants_of(std::string_view file_text, std::string_view name, unsigned long id) {
    const std::string id_text = std::to_string(id);
    std::vector<Grant> grants;
    while (!file_text.empty() && grants.size() < kMaxGrants) {
        std::string_view line = text_fields::take_line(file_text);
        if (std::count(line.begin(), line.end(), ':') != 2) continue;
        const std::string_view owner = take_until_colon(line);
        const auto start = number(take_until_colon(line));
        const auto count = number(take_until_colon(line));
        const bool ours = !owner.empty() && (owner == name || owner == id_text);
        if (!ours || !start || !count || *count == 0 || *start >= kIdSpace || *count > kIdSpace - *start) continue;
        grants.push_back({*start, *count});
    }
    // Sorted, each trimmed to what no earlier one covers: the kernel refuses overlapping ranges.
    std::sort(grants.begin(), grants.end(), [](const Grant& a, const Grant& b) { return a.start < b.start; });
    std::vector<Grant> disjoint;
    unsigned long covered_to = 0;
    for (const Grant& grant : grants) {
        const unsigned long start = std::max(grant.start, covered_to);
        const unsigned long end = grant.start + grant.count;
        if (start >= end) continue;
        disjoint.push_back({start, end - start});
        covered_to = end;
    }
    return disjoint;
}

std::vector<user::IdRange> layout(unsigned long own_inside, unsigned long own_outside, const std::vector<Grant>& grants) {
    std::vector<user::IdRange> map;
    if (grants.empty()) return map;
    // The grants as pieces of host ids, without the invoker's own id.
    std::vector<Grant> pieces;
    for (const Grant& grant : grants) {
        if (own_outside < grant.start || own_outside >= grant.start + grant.count) {
            pieces.push_back(grant);
            continue;
        }
        if (own_outside > grant.start) pieces.push_back({grant.start, own_outside - grant.start});
        if (own_outside + 1 < grant.start + grant.count) {
            pieces.push_back({own_outside + 1, grant.start + grant.count - own_outside - 1});
        }
    }
    unsigned long next_inside = 0;
    bool own_placed = false;
    const auto place_own = [&] {
        map.push_back({own_inside, own_outside, 1});
        own_placed = true;
    };
    for (Grant piece : pieces) {
        while (piece.count > 0 && next_inside < kIdSpace) {
            if (!own_placed && next_inside == own_inside) {
                place_own();
                ++next_inside;
                continue;
            }
            // Up to the invoker's own inside id, or the end of the id space.
            unsigned long room = kIdSpace - next_inside;
            if (!own_placed && own_inside > next_inside) room = own_inside - next_inside;
            const unsigned long count = std::min(piece.count, room);
            map.push_back({next_inside, piece.start, count});
            next_inside += count;
            piece.start += count;
            piece.count -= count;
        }
    }
    if (!own_placed) place_own();
    return map;
}

std::optional<Maps> plan(uid_t invoker_uid, gid_t invoker_gid, uid_t inside_uid, gid_t inside_gid, std::string& why_not) {
    const auto subuid = read_grants_file(kSubuidFile, why_not);
    if (!subuid) return std::nullopt;
    const auto subgid = read_grants_file(kSubgidFile, why_not);
    if (!subgid) return std::nullopt;
    const std::string name = user_name(invoker_uid);
    const std::string who = name.empty() ? "uid " + std::to_string(invoker_uid) : name;
    const auto uid_grants = grants_of(*subuid, name, invoker_uid);
    const auto gid_grants = grants_of(*subgid, name, invoker_uid);
    if (uid_grants.empty() || gid_grants.empty()) {
        why_not = std::string("no subordinate ") + (uid_grants.empty() ? "uids in " : "gids in ") +
                  (uid_grants.empty() ? kSubuidFile : kSubgidFile) + " for " + who +
                  " (as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + who + ")";
        return std::nullopt;
    }
    return Maps{layout(inside_uid, invoker_uid, uid_grants), layout(inside_gid, invoker_gid, gid_grants)};
}

}  // namespace isotest::subordinate_ids
