// The one directory lister: getdents64 over an open directory, no DIR allocation.
#pragma once

#include <dirent.h>
#include <fcntl.h>

#include <cstddef>
#include <string_view>

#include "isotest/unique_fd.hpp"

namespace isotest::directory {

// Calls visit(entry) for each entry of the open directory `dir_fd` but "." and "..", until it
// returns false. getdents64 into the stack, no DIR allocation, and no last call that could only
// return 0: this runs for many directories of every launch. Returns false if a read failed.
template <typename Visit>
bool for_each_entry(int dir_fd, Visit&& visit) {
    constexpr std::size_t kRoomForAnEntry = sizeof(dirent64) + 256;  // one more 255-byte name
    alignas(dirent64) char buffer[4096];
    for (;;) {
        const ssize_t length = ::getdents64(dir_fd, buffer, sizeof buffer);
        if (length <= 0) return length == 0;
        for (ssize_t offset = 0; offset < length;) {
            const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
            offset += entry->d_reclen;
            const std::string_view name(entry->d_name);
            if (name == "." || name == "..") continue;
            if (!visit(*entry)) return true;
        }
        // With room for another entry left over, the listing reached the end of the directory.
        if (sizeof buffer - static_cast<std::size_t>(length) >= kRoomForAnEntry) return true;
    }
}

// The same for the directory at `path`, opened here. False (errno set) if it cannot be opened
// or read.
template <typename Visit>
bool for_each_entry(const char* path, Visit&& visit) {
    const UniqueFd dir(::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return dir.valid() && for_each_entry(dir.get(), visit);
}

}  // namespace isotest::directory
