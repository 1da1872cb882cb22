#include "sandbox/accounts.hpp"

#include <nss.h>

#include <initializer_list>

namespace isotest::accounts {

void use_local_files_only() {
    // Once per process: each call replaces (and leaks) glibc's parsed service list.
    static const bool configured = [] {
        for (const char* database : {"passwd", "group", "initgroups"}) ::__nss_configure_lookup(database, "files");
        return true;
    }();
    (void)configured;
}

}  // namespace isotest::accounts
