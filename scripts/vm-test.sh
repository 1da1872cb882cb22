#!/usr/bin/env bash
# The virtual-machine lane (issue 15): isotest's integration, security and faults suites on a
# second kernel with systemd's unified cgroup v2 hierarchy, as root and as an unprivileged user
# whose tests run under its systemd user manager (a delegated cgroup, as on a desktop or CI
# runner). Run as root (debootstrap, chroot).
#
#   scripts/vm-test.sh [--quick] [--kernel bookworm|bullseye]... [--build DIR] [--shared DIR]
#
# - A Debian 12 root is made once with debootstrap and cached under $ISOTEST_VM_CACHE
#   (/var/tmp/isotest-vm): systemd, Debian 12's stock kernel (linux-image-amd64, 6.1) and, for
#   --kernel bullseye, Debian 11's (5.10) installed beside it. The package mirror is the one of
#   the machine's own apt configuration (scripts/apt-private.sh), so no host is named here.
# - The test binaries are built on this machine (same Debian 12 user space) in BUILD_DIR (default
#   /var/tmp/isotest-ci/release) and reach the VM on a second disk, built per run with
#   mkfs.ext4 -d, mounted in the VM at the same paths as here (the binaries know them).
# - qemu-system-x86_64 boots the kernel with software emulation (TCG; KVM where /dev/kvm works),
#   the root disk as a throwaway copy-on-write overlay of the cached image. A unit in the image
#   runs scripts/vm/guest-run.sh, which writes its results to the second serial port (a file
#   here); this script prints them and exits 1 if any suite failed or the VM gave no results.
# - --quick: the cgroup, device and basic launch tests only (what CI runs); without it, the
#   three whole suites.
# - Each run works in $ISOTEST_VM_RUN_PREFIX-<release> (default $cache/run-<release>): the
#   console log, the results, the throwaway disks. Give lanes run at once different prefixes.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cache=${ISOTEST_VM_CACHE:-/var/tmp/isotest-vm}
build=/var/tmp/isotest-ci/release
shared=$src/../shared
quick=0
kernels=()
me=vm-test

fail() {
    echo "$me: $*" >&2
    exit 1
}

while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) quick=1 ;;
    --kernel) kernels+=("${2:?--kernel needs bookworm or bullseye}"); shift ;;
    --build) build=${2:?--build needs a directory}; shift ;;
    --shared) shared=${2:?--shared needs a directory}; shift ;;
    *) fail "unknown argument '$1' (usage: vm-test.sh [--quick] [--kernel bookworm|bullseye]... [--build DIR] [--shared DIR])" ;;
    esac
    shift
done
[[ ${#kernels[@]} -gt 0 ]] || kernels=(bookworm)
[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap and chroot build the VM's image)"
for tool in debootstrap qemu-system-x86_64 qemu-img mkfs.ext4; do
    command -v "$tool" >/dev/null || fail "$tool not found: sudo apt-get install debootstrap qemu-system-x86 qemu-utils e2fsprogs"
done
[[ -x $build/src/isotest ]] || fail "no isotest in $build/src: build first (BUILD_DIR=$build bash scripts/build.sh)"
shared=$(cd "$shared" && pwd)
build=$(cd "$build" && pwd)
mkdir -p "$cache"

# shellcheck source=scripts/vm/image.sh
. "$src/scripts/vm/image.sh"
# shellcheck source=scripts/vm/boot.sh
. "$src/scripts/vm/boot.sh"

vm_image_ensure "$cache" "$build" "${kernels[@]}" || fail "$vm_error"

status=0
for kernel in "${kernels[@]}"; do
    vm_boot "$cache" "$kernel" "$build" "$shared" "$quick" || status=1
done
exit "$status"
