#include "sandbox/hosts_file.hpp"

#include <algorithm>
#include <strings.h>
#include <vector>

namespace isotest::hosts_file {

namespace {

struct Entry {
    std::string address;
    std::vector<std::string> names;
};

// Debian's netbase /etc/hosts, with the hostname line the installer adds ("127.0.1.1 fqdn
// short"). The hostname "localhost" (isotest's default) is on 127.0.0.1 already.
std::vector<Entry> own_entries(const std::string& hostname) {
    std::vector<Entry> entries{{"127.0.0.1", {"localhost"}}};
    if (strcasecmp(hostname.c_str(), "localhost") != 0) {
        Entry line{"127.0.1.1", {hostname}};
        if (const auto dot = hostname.find('.'); dot != std::string::npos) line.names.push_back(hostname.substr(0, dot));
        entries.push_back(line);
    }
    entries.push_back({"::1", {"localhost", "ip6-localhost", "ip6-loopback"}});
    entries.push_back({"ff02::1", {"ip6-allnodes"}});
    entries.push_back({"ff02::2", {"ip6-allrouters"}});
    return entries;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (true) {
        at = text.find_first_not_of(" \t\r", at);
        if (at == std::string_view::npos) return words;
        const std::size_t end = std::min(text.find_first_of(" \t\r", at), text.size());
        words.push_back(text.substr(at, end - at));
        at = end;
    }
}

// glibc compares host names without regard to case.
bool same_name(std::string_view a, const std::string& b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A host line without the names the sandbox defines; the line as it was where it names none of
// them, nothing where only those were left.
std::string host_line(std::string_view line, const std::vector<std::string>& own_names) {
    const std::size_t hash = line.find('#');
    const std::string_view entry = line.substr(0, hash);
    const std::vector<std::string_view> words = words_of(entry);
    if (words.size() < 2) return std::string(line) + "\n";  // blank, comment or malformed: glibc skips it too
    std::string kept;
    bool dropped = false;
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (std::any_of(own_names.begin(), own_names.end(), [&](const std::string& own) { return same_name(words[i], own); })) {
            dropped = true;
        } else {
            kept += " " + std::string(words[i]);
        }
    }
    if (!dropped) return std::string(line) + "\n";
    if (kept.empty()) return "";
    std::string result = std::string(words[0]) + "\t" + kept.substr(1);
    if (hash != std::string_view::npos) result += " " + std::string(line.substr(hash));
    return result + "\n";
}

}  // namespace

std::string content(const std::string& hostname, std::string_view host_file) {
    const std::vector<Entry> own = own_entries(hostname);
    std::vector<std::string> own_names;
    std::string text = "# isotest: the sandbox's own names, on its private loopback\n";
    for (const Entry& entry : own) {
        text += entry.address + "\t";
        for (std::size_t i = 0; i < entry.names.size(); ++i) {
            text += (i ? " " : "") + entry.names[i];
            own_names.push_back(entry.names[i]);
        }
        text += "\n";
    }
    if (host_file.empty()) return text;
    text += "# isotest: the host's /etc/hosts, less the names above\n";
    std::size_t at = 0;
    while (at < host_file.size()) {
        const std::size_t end = std::min(host_file.find('\n', at), host_file.size());
        text += host_line(host_file.substr(at, end - at), own_names);
        at = end + 1;
    }
    return text;
}

}  // namespace isotest::hosts_file
