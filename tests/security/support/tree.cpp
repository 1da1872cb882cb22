#include "tree.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "scratch_dir.hpp"

namespace sectest {

namespace fs = std::filesystem;
using testsupport::read_file;
using testsupport::write_file;

EscapeTree::EscapeTree() {
    fs::create_directory(scratch_ / "rw");
    fs::create_directory(scratch_ / "outside");
    fs::create_directory(scratch_ / "outside" / "sub");
    write_file(scratch_ / "outside" / "existing", "original\n");
    write_file(scratch_ / "outside" / "victim", "do not delete\n");
    write_file(scratch_ / "outside" / "sub" / "deep", "deep\n");
}

std::map<std::string, std::string> EscapeTree::snapshot_outside() const {
    std::map<std::string, std::string> entries;
    const auto describe = [](const fs::path& path) {
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0) return std::string("missing");
        std::ostringstream text;
        text << std::oct << info.st_mode << std::dec << " " << info.st_uid << ":" << info.st_gid;
        if (S_ISLNK(info.st_mode)) text << " -> " << fs::read_symlink(path).string();
        if (S_ISREG(info.st_mode)) text << " " << read_file(path);
        return text.str();
    };
    // The scratch root's own entries (a new file next to rw/ would be an escape too).
    for (const auto& entry : fs::directory_iterator(scratch_.path())) {
        if (entry.path().filename() != "rw") entries[entry.path().filename().string()] = describe(entry.path());
    }
    for (const auto& entry : fs::recursive_directory_iterator(scratch_ / "outside")) {
        entries["outside/" + fs::relative(entry.path(), scratch_ / "outside").string()] = describe(entry.path());
    }
    return entries;
}

std::string differences(const std::map<std::string, std::string>& before,
                        const std::map<std::string, std::string>& after) {
    std::ostringstream text;
    for (const auto& [path, entry] : before) {
        const auto found = after.find(path);
        if (found == after.end()) text << "removed " << path << "\n";
        else if (found->second != entry) text << "changed " << path << ": " << entry << " => " << found->second << "\n";
    }
    for (const auto& [path, entry] : after) {
        if (!before.contains(path)) text << "created " << path << ": " << entry << "\n";
    }
    return text.str();
}

}  // namespace sectest
