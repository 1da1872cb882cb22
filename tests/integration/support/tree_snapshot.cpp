#include "tree_snapshot.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "scratch_dir.hpp"

namespace itest {

namespace fs = std::filesystem;

namespace {

TreeEntry entry_for(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        throw std::runtime_error("lstat " + path.string() + ": " + std::strerror(errno));
    }
    TreeEntry entry;
    entry.mode = st.st_mode & 07777;
    entry.uid = st.st_uid;
    entry.gid = st.st_gid;
    entry.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    if (S_ISREG(st.st_mode)) {
        entry.type = "file";
        entry.content = testsupport::read_file(path);
    } else if (S_ISDIR(st.st_mode)) {
        entry.type = "dir";
    } else if (S_ISLNK(st.st_mode)) {
        entry.type = "symlink";
        entry.content = fs::read_symlink(path).string();
    } else {
        entry.type = "other";
    }
    return entry;
}

std::string summary(const TreeEntry& e) {
    std::ostringstream text;
    text << e.type << " mode " << std::oct << e.mode << std::dec << " uid " << e.uid << " gid "
         << e.gid << " mtime_ns " << e.mtime_ns << " " << e.content.size() << " bytes";
    return text.str();
}

}  // namespace

TreeSnapshot snapshot_tree(const fs::path& root) {
    TreeSnapshot snapshot;
    snapshot["."] = entry_for(root);
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        snapshot[fs::relative(it->path(), root).string()] = entry_for(it->path());
    }
    return snapshot;
}

std::string describe_differences(const TreeSnapshot& before, const TreeSnapshot& after) {
    std::ostringstream text;
    for (const auto& [name, entry] : before) {
        auto found = after.find(name);
        if (found == after.end()) text << "removed: " << name << '\n';
        else if (!(found->second == entry))
            text << "changed: " << name << " (" << summary(entry) << " -> " << summary(found->second)
                 << ")\n";
    }
    for (const auto& [name, entry] : after) {
        if (!before.contains(name)) text << "added: " << name << " (" << summary(entry) << ")\n";
    }
    return text.str();
}

}  // namespace itest
