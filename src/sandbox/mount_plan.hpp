// Pure path logic behind the mount setup, kept apart so it is unit-testable without namespaces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isotest::mount_plan {

// Mount points (field 5) of /proc/self/mountinfo, with octal escapes (\040) decoded.
std::vector<std::string> parse_mount_points(std::string_view mountinfo);

// Some mount point lies strictly below `dir`.
bool has_mount_below(std::string_view dir, const std::vector<std::string>& mount_points);

// overlayfs splits lowerdir on ':' and options on ','; a path carrying them must be escaped.
std::string escape_overlay_path(std::string_view path);

// The mode to give a directory we create to stand for a host directory (a skeleton directory,
// an overlay's upper root) when we cannot give it the host owner: every class gets the
// permissions the invoker actually has on the host directory, so e.g. root's 0755 /usr stays
// unwritable for them although they own our copy. `invoker_rights` is rwx as 0-7 (what
// access(2) grants). Special bits (sticky, setgid) are kept.
unsigned effective_mode(unsigned host_mode, bool invoker_is_owner, unsigned invoker_rights);

// /dev/shm's size as a tmpfs of its own, or nullopt where it is a directory of the scratch tmpfs
// and shares its cap: --shm-size where given; else, with --tmpfs-size, none (one cap for every
// write, as asked); else the host's /dev/shm size (`host_shm_bytes`, nullopt where the host has
// no tmpfs there), unless the scratch tmpfs (`scratch_bytes`, the kernel's default size) is as
// large already — a directory of it then costs no mount.
std::optional<std::uint64_t> own_shm_size(std::optional<std::uint64_t> shm_size, std::optional<std::uint64_t> tmpfs_size,
                                          std::optional<std::uint64_t> host_shm_bytes, std::uint64_t scratch_bytes);

// Top-level paths the sandbox replaces instead of showing the host's.
const std::vector<std::string>& replaced_paths();

struct ExtraMount {
    enum class Kind { tmpfs, bind_rw, keep } kind;
    std::string path;
};

// The mounts that go on top of the host view, parents before children. Keep paths get a view
// of their own where a fresh tmpfs (/tmp, /dev/shm or a --tmpfs path) would hide them;
// `keep_everywhere_paths` get one wherever they are (but "/" and replaced trees), also inside
// another kept path; neither where a --rw path already shows them; other nested keep paths
// collapse into the outermost. What shows a path is the nearest mount above it: a --rw path or
// kept path inside another --rw path is shown by that one's recursive bind unless a --tmpfs
// lies between them; the same path given twice is planned once. n log n in the paths given.
// Every path is absolute and normalised already (SandboxSpec's paths are: src/cli/finish_spec.hpp).
//
// keep_everywhere_paths is for overlays in an unprivileged user namespace: a copy-up must
// recreate every parent directory with its owner, which fails (EOVERFLOW) for an owner the
// namespace does not map — so writing in /var/tmp/build, below root-owned /var/tmp, would fail.
// An overlay of its own at the test's cwd (and $HOME, $TMPDIR — where the invoker can write)
// makes that directory an overlay root, which is never copied up.
std::vector<ExtraMount> extra_mounts(const std::vector<std::string>& tmpfs_paths,
                                     const std::vector<std::string>& rw_paths,
                                     const std::vector<std::string>& keep_paths,
                                     const std::vector<std::string>& keep_everywhere_paths = {});

}  // namespace isotest::mount_plan
