#include "sample_tree.hpp"

#include "invoker.hpp"
#include "scratch_dir.hpp"
#include "text.hpp"

namespace itest {

namespace fs = std::filesystem;
using testsupport::sh_quote;
using testsupport::write_file;

void populate_sample_tree(const fs::path& root) {
    fs::create_directories(root / "src" / "lib");
    fs::create_directories(root / "build");
    write_file(root / "README", "readme\n");
    write_file(root / "src" / "main.cpp", "int main() { return 0; }\n");
    write_file(root / "src" / "lib" / "util.hpp", "#pragma once\n");
    write_file(root / "data.bin", std::string("\0\1\2\xff binary", 11));
    write_file(root / "run.sh", "#!/bin/sh\necho run\n");
    fs::permissions(root / "run.sh", fs::perms(0755));
    write_file(root / "readonly.txt", "read only\n");
    fs::permissions(root / "readonly.txt", fs::perms(0444));
    fs::create_symlink("src/main.cpp", root / "link");
}

std::string script_modifying_sample_tree(const std::string& dir) {
    return "set -e; cd " + sh_quote(dir) +
           "; echo 'new file' > new-file"
           "; echo appended >> README"
           "; rm src/main.cpp readonly.txt"
           // A directory of the host renamed: where the kernel cannot (host_directories_removable,
           // MountOverlay.RemovingOrRenamingAHostDirectoryWorksOrIsExplained), a file instead.
           + std::string(testsupport::host_directories_removable() ? "; mv src/lib src/lib-renamed"
                                                                   : "; mv src/lib/util.hpp src/util-renamed.hpp") +
           "; chmod 600 run.sh"
           "; mkdir -p made/deeper; echo deep > made/deeper/file"
           "; ln -sf README link"
           "; touch -d 2001-02-03 data.bin"
           "; rmdir build"
           "; cat new-file README made/deeper/file";
}

}  // namespace itest
