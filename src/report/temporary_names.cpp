#include "report/temporary_names.hpp"

#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/write_failure.hpp"

namespace isotest::report::temporary_names {
namespace {

// All kSlots names held by live writers of the same report: wait for one, up to about a second
// (a writer holds its name for the microseconds of a link and an exchange; without O_TMPFILE,
// for one report's write).
constexpr int kRounds = 1000;

enum class Claim { claimed, taken };

// Removes `name` if it is a regular file nobody holds a lock on. Returns whether the name is
// free now. Checked again just before the unlink that the name still is the file we locked:
// a writer whose name was free may have taken it meanwhile.
bool free_if_stale(int directory, const std::string& name) {
    const UniqueFd fd(::openat(directory, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) return errno == ENOENT;
    struct stat held {};
    struct stat named {};
    if (::fstat(fd.get(), &held) != 0 || !S_ISREG(held.st_mode)) return false;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return false;
    if (::fstatat(directory, name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0) return errno == ENOENT;
    if (named.st_ino != held.st_ino || named.st_dev != held.st_dev) return false;
    return ::unlinkat(directory, name.c_str(), 0) == 0 || errno == ENOENT;
}

// Takes the first free slot (freeing stale ones on the way) with `try_claim`, which returns
// taken where the name exists and throws on any other failure.
std::string claim(const ReportPlace& place, const std::string& path,
                  const std::function<Claim(const std::string&)>& try_claim) {
    for (int round = 0; round < kRounds; ++round) {
        for (int slot = 0; slot < kSlots; ++slot) {
            const std::string temporary = name(place.name, slot);
            if (try_claim(temporary) == Claim::claimed) return temporary;
            if (free_if_stale(place.directory.get(), temporary) && try_claim(temporary) == Claim::claimed) return temporary;
        }
        const timespec pause{0, 1000000};
        ::nanosleep(&pause, nullptr);
    }
    fail_to_write(path, "all temporary names " + name(place.name, 0) + "... are in use", EBUSY,
                  "wait for the other writers of " + place.name);
}

}  // namespace

std::string name(const std::string& file_name, int slot) {
    return "." + file_name + ".isotest-tmp." + std::to_string(slot);
}

std::string link(const ReportPlace& place, const std::string& linkable, const std::string& path) {
    return claim(place, path, [&](const std::string& temporary) {
        if (::linkat(AT_FDCWD, linkable.c_str(), place.directory.get(), temporary.c_str(), AT_SYMLINK_FOLLOW) == 0) {
            return Claim::claimed;
        }
        if (errno != EEXIST) fail_to_write(path, "link " + temporary, errno);
        return Claim::taken;
    });
}

Created create(const ReportPlace& place, const std::string& path) {
    const int directory = place.directory.get();
    Created created{UniqueFd(-1), ""};
    created.name = claim(place, path, [&](const std::string& temporary) {
        UniqueFd fd(::openat(directory, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (fd.get() < 0) {
            const int error_number = errno;
            if (error_number == EEXIST) return Claim::taken;
            fail_to_write(path, "create " + temporary, error_number, fix_for_directory(error_number, place.directory_name));
        }
        // Between the create and the lock another writer may have taken the name for stale
        // and removed it (it holds the lock meanwhile, or the file has no name any more).
        struct stat status {};
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0 || ::fstat(fd.get(), &status) != 0 || status.st_nlink == 0) {
            return Claim::taken;
        }
        if (::fchmod(fd.get(), 0644) != 0) {
            const int error_number = errno;
            ::unlinkat(directory, temporary.c_str(), 0);
            fail_to_write(path, "chmod " + temporary, error_number);
        }
        created.fd = std::move(fd);
        return Claim::claimed;
    });
    return created;
}

void remove_stale(const ReportPlace& place) {
    for (int slot = 0; slot < kSlots; ++slot) free_if_stale(place.directory.get(), name(place.name, slot));
}

}  // namespace isotest::report::temporary_names
