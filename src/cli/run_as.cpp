#include "cli/run_as.hpp"

#include <grp.h>
#include <pwd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "isotest/error.hpp"
#include "sandbox/accounts.hpp"

namespace isotest::cli {

namespace {

// NGROUPS_MAX of Linux: setgroups(2) takes no more.
constexpr std::size_t kMaxGroups = 65536;
constexpr unsigned long kLargestId = 4294967294ul;  // (uid_t)-1 means "unchanged" to setresuid

// A whole decimal id, or nullopt if `text` is not one (then it is a name).
std::optional<unsigned long> id_number(const std::string& text, const std::string& option) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value > kLargestId) {
        throw Error(option + " " + text + ": ids go from 0 to " + std::to_string(kLargestId));
    }
    return value;
}

// A passwd entry with the strings it points into.
struct UserEntry {
    passwd entry{};
    std::vector<char> strings = std::vector<char>(16384);
};

// getpwnam_r/getpwuid_r into `found`; false if there is no such user. ERANGE grows the buffer.
template <typename Lookup>
bool look_up_user(UserEntry& found, Lookup&& lookup) {
    for (;;) {
        passwd* result = nullptr;
        const int error = lookup(&found.entry, found.strings.data(), found.strings.size(), &result);
        if (error == ERANGE && found.strings.size() < (1u << 20)) {
            found.strings.resize(found.strings.size() * 2);
            continue;
        }
        return error == 0 && result != nullptr;
    }
}

gid_t group_id(const std::string& text, const std::string& option) {
    if (const auto number = id_number(text, option)) return static_cast<gid_t>(*number);
    group entry {};
    std::vector<char> strings(16384);
    for (;;) {
        struct group* result = nullptr;
        const int error = ::getgrnam_r(text.c_str(), &entry, strings.data(), strings.size(), &result);
        if (error == ERANGE && strings.size() < (1u << 20)) {
            strings.resize(strings.size() * 2);
            continue;
        }
        if (error == 0 && result) return result->gr_gid;
        throw Error(option + " " + text + ": no such group in /etc/group (a number works for any gid)");
    }
}

// The groups a login as `name` gets: its primary group and every group listing it as a member.
std::vector<gid_t> login_groups(const char* name, gid_t primary) {
    std::vector<gid_t> groups(64);
    for (;;) {
        int count = static_cast<int>(groups.size());
        if (::getgrouplist(name, primary, groups.data(), &count) >= 0) {
            groups.resize(static_cast<std::size_t>(count));
            return groups;
        }
        if (static_cast<std::size_t>(count) > kMaxGroups) {
            throw Error(std::string("--uid ") + name + ": the user is in more than " + std::to_string(kMaxGroups) +
                        " groups; name the ones the test needs with --groups");
        }
        groups.resize(static_cast<std::size_t>(count) > groups.size() ? static_cast<std::size_t>(count) : groups.size() * 2);
    }
}

}  // namespace

RunAs resolve_run_as(const std::string& user, const std::optional<std::string>& group,
                     const std::vector<std::string>& groups) {
    accounts::use_local_files_only();
    RunAs run_as;
    UserEntry entry;
    bool has_entry = false;
    if (const auto number = id_number(user, "--uid")) {
        run_as.uid = static_cast<uid_t>(*number);
        has_entry = look_up_user(entry, [&](passwd* out, char* buffer, std::size_t size, passwd** result) {
            return ::getpwuid_r(run_as.uid, out, buffer, size, result);
        });
    } else {
        has_entry = look_up_user(entry, [&](passwd* out, char* buffer, std::size_t size, passwd** result) {
            return ::getpwnam_r(user.c_str(), out, buffer, size, result);
        });
        if (!has_entry) {
            throw Error("--uid " + user + ": no such user in /etc/passwd (a number works for any uid)");
        }
        run_as.uid = entry.entry.pw_uid;
    }
    if (group) {
        run_as.gid = group_id(*group, "--gid");
    } else if (has_entry) {
        run_as.gid = entry.entry.pw_gid;
    } else {
        throw Error("--uid " + user + ": no such user in /etc/passwd to take the primary group from; give --gid too");
    }
    if (!groups.empty()) {
        for (const auto& list : groups) {
            std::size_t start = 0;
            for (;;) {
                const auto comma = list.find(',', start);
                const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (item.empty()) throw Error("--groups takes names or numbers separated by commas, not '" + list + "'");
                run_as.groups.push_back(group_id(item, "--groups"));
                if (run_as.groups.size() > kMaxGroups) {
                    throw Error("--groups names more than " + std::to_string(kMaxGroups) + " groups (the kernel's limit)");
                }
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        }
    } else if (has_entry) {
        run_as.groups = login_groups(entry.entry.pw_name, run_as.gid);
    } else {
        run_as.groups = {run_as.gid};
    }
    return run_as;
}

}  // namespace isotest::cli
