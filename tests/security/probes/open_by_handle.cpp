// Probe: the "shocker" escape. Gets a file handle for PATH and tries to open it again by
// handle, which would let a process open any inode of the filesystem (host files outside its
// view included) by guessing handles. Prints "opened" (exit 1) or "refused: ERRNO" (exit 0).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: open_by_handle PATH\n");
        return 2;
    }
    constexpr unsigned kMaxHandle = 128;
    std::unique_ptr<char[]> storage(new char[sizeof(file_handle) + kMaxHandle]);
    auto* handle = reinterpret_cast<file_handle*>(storage.get());
    handle->handle_bytes = kMaxHandle;
    int mount_id = 0;
    if (::name_to_handle_at(AT_FDCWD, argv[1], handle, &mount_id, 0) != 0) {
        std::printf("refused: name_to_handle_at %s\n", ::strerrorname_np(errno));
        return 0;
    }
    const int mount_fd = ::open("/", O_RDONLY | O_DIRECTORY);
    const int fd = ::open_by_handle_at(mount_fd, handle, O_RDONLY);
    if (fd < 0) {
        std::printf("refused: %s\n", ::strerrorname_np(errno));
        return 0;
    }
    std::printf("opened\n");
    return 1;
}
